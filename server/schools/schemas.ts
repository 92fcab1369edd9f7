// Request bodies of the school first-aid API; the pages validate their forms with the same schemas.
import { z } from 'zod';
import { freeText, id, isoDate } from '../http/schemas';
import { text as typedText } from '../text';
import { isMdiExpiry } from './rules';
import { DISTRICT_CODES } from '../asthma-index/rules/districts';

const text = (max: number) => typedText({ max });
const note = freeText(500).nullish();
const puffCount = z.number().int().min(0).max(400);

export const KIT_KINDS = ['fixed', 'mobile'] as const;
export const DOCUMENT_KEYS = ['instructionCard', 'leaflet', 'checkCard', 'adminRecord', 'replacementNote'] as const;
export const SYMPTOMS = ['wheeze', 'cough', 'breathless', 'chestTight', 'cannotSpeak', 'blueLips', 'other'] as const;
export const OUTCOMES = ['backToClass', 'restedThenClass', 'sentHome', 'hospital', 'ambulance'] as const;
export const TOLD_HOW = ['phone', 'inPerson', 'wechat', 'sms', 'note'] as const;
export const TRAINING_KINDS = ['initial', 'refresher', 'briefing', 'drill'] as const;
export const TOPICS = ['recognise', 'firstAid120', 'technique', 'findKit', 'recordTell', 'maintenance'] as const;
export const STAFF_ROLES = ['healthTeacher', 'schoolDoctor', 'classTeacher', 'peTeacher', 'teacher', 'admin', 'other'] as const;
export const ACTION_STATUSES = ['open', 'done', 'verified'] as const;

export const documentsSchema = z.object({
  instructionCard: z.boolean('v.answerQuestion'),
  leaflet: z.boolean('v.answerQuestion'),
  checkCard: z.boolean('v.answerQuestion'),
  adminRecord: z.boolean('v.answerQuestion'),
  replacementNote: z.boolean('v.answerQuestion'),
});

export const DEFAULT_PRODUCT = '沙丁胺醇气雾剂 100µg/揿';

export const mdiBody = z
  .object({
    product: text(100).default(DEFAULT_PRODUCT),
    batch: text(40),
    expiry: z.string().trim().refine(isMdiExpiry, 'v.school.mdiExpiry'),
    labelledDoses: z.number().int().min(1).max(400).default(200),
    counterReading: puffCount.nullish(),
    puffsUsed: puffCount.nullish(),
    /** The MDI this one replaces in the same kit. */
    replaces: id.nullish(),
  })
  .superRefine((m, ctx) => {
    for (const key of ['counterReading', 'puffsUsed'] as const) {
      const v = m[key];
      if (v != null && v > m.labelledDoses) ctx.addIssue({ code: 'custom', path: [key], message: 'v.school.moreThanLabelled' });
    }
  });
export type MdiBody = z.infer<typeof mdiBody>;

export const mdiPatch = z
  .object({ counterReading: puffCount.nullish(), puffsUsed: puffCount.nullish(), status: z.enum(['in_use', 'removed']).optional() })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'v.school.nothingToChange', path: ['status'] });

const kitFields = {
  label: text(60),
  kind: z.enum(KIT_KINDS),
  location: text(100),
  locked: z.boolean('v.answerQuestion'),
  storageOk: z.boolean('v.answerQuestion'),
  spacers: z.number().int().min(0).max(50),
  documents: documentsSchema,
};

export const kitBody = z.object({ ...kitFields, mdis: z.array(mdiBody).max(20).default([]) });
export type KitBody = z.infer<typeof kitBody>;

export const KIT_STATUS_REASON_MAX = 200;

export const kitPatch = z
  .object({ ...kitFields, status: z.enum(['active', 'retired']), reason: text(KIT_STATUS_REASON_MAX) })
  .partial()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'v.school.nothingToChange', path: ['label'] })
  // A retired kit is one a nurse may look for in an emergency: the record says why it went.
  .superRefine((p, ctx) => {
    if (p.status === 'retired' && p.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'v.required' });
    if (p.reason !== undefined && p.status === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'v.school.reasonWithStatus' });
  });
export type KitPatch = z.infer<typeof kitPatch>;

export const checkBody = z.object({
  date: isoDate,
  mdiPresent: z.boolean('v.answerQuestion'),
  mdiInDate: z.boolean('v.answerQuestion'),
  dosesOk: z.boolean('v.answerQuestion'),
  spacers: z.number().int().min(0).max(50),
  documents: documentsSchema,
  unlocked: z.boolean('v.answerQuestion'),
  storageOk: z.boolean('v.answerQuestion'),
  poster: z.boolean('v.answerQuestion'),
  registerReachable: z.boolean('v.answerQuestion'),
  note,
});
export type CheckBody = z.infer<typeof checkBody>;

const instant = z.iso.datetime({ offset: true, message: 'v.school.instant' });

/** When and how the parent was told of a use recorded without it (the call often comes after the emergency). */
export const parentToldBody = z.object({
  parentToldAt: instant,
  parentToldHow: z.enum(TOLD_HOW, { error: (issue) => (issue.input === undefined ? 'v.required' : undefined) }),
});
export type ParentToldBody = z.infer<typeof parentToldBody>;

export const useBody = z
  .object({
    usedAt: instant,
    place: text(100),
    childId: id.nullish(),
    symptoms: z.array(z.enum(SYMPTOMS)).min(1, 'v.school.pickOne').max(SYMPTOMS.length),
    puffs: z.number().int().min(1).max(20),
    spacerUsed: z.boolean('v.answerQuestion'),
    givenBy: text(50),
    called120: z.boolean('v.answerQuestion'),
    outcome: z.enum(OUTCOMES),
    parentToldAt: instant.nullish(),
    parentToldHow: z.enum(TOLD_HOW).nullish(),
    mdiId: id.nullish(),
    mdiBatch: text(40).nullish(),
    note,
  })
  .superRefine((u, ctx) => {
    if (u.parentToldAt && !u.parentToldHow) ctx.addIssue({ code: 'custom', path: ['parentToldHow'], message: 'v.required' });
    if (u.parentToldAt && Date.parse(u.parentToldAt) < Date.parse(u.usedAt)) {
      ctx.addIssue({ code: 'custom', path: ['parentToldAt'], message: 'v.school.toldBeforeUse' });
    }
    if (!u.mdiId && !u.mdiBatch) ctx.addIssue({ code: 'custom', path: ['mdiBatch'], message: 'v.required' });
  });
export type UseBody = z.infer<typeof useBody>;

export const attendeeSchema = z
  .object({
    name: text(50),
    role: z.enum(STAFF_ROLES),
    competency: z.enum(['pass', 'fail']).nullish(),
    competencyDate: isoDate.nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.competency && !a.competencyDate) ctx.addIssue({ code: 'custom', path: ['competencyDate'], message: 'v.required' });
  });

export const trainingBody = z
  .object({
    schoolId: id.optional(),
    date: isoDate,
    durationMinutes: z.number().int().min(5).max(600),
    kind: z.enum(TRAINING_KINDS),
    trainer: text(50),
    organisation: text(100),
    topics: z.array(z.enum(TOPICS)).min(1, 'v.school.pickOne').max(TOPICS.length),
    attendees: z.array(attendeeSchema).max(300).default([]),
    staffBriefed: z.number().int().min(0).max(2000).nullish(),
    staffTotal: z.number().int().min(1).max(2000).nullish(),
  })
  .superRefine((t, ctx) => {
    if (t.kind === 'briefing') {
      if (t.staffBriefed == null) ctx.addIssue({ code: 'custom', path: ['staffBriefed'], message: 'v.required' });
      if (t.staffTotal == null) ctx.addIssue({ code: 'custom', path: ['staffTotal'], message: 'v.required' });
    }
    if (t.staffBriefed != null && t.staffTotal != null && t.staffBriefed > t.staffTotal) {
      ctx.addIssue({ code: 'custom', path: ['staffBriefed'], message: 'v.school.notMoreThan' });
    }
    t.attendees.forEach((a, i) => {
      if (a.competencyDate && a.competencyDate < t.date) {
        ctx.addIssue({ code: 'custom', path: ['attendees', i, 'competencyDate'], message: 'v.school.beforeTraining' });
      }
    });
  });
export type TrainingBody = z.infer<typeof trainingBody>;

export const actionUpdate = z.object({ status: z.enum(ACTION_STATUSES), note: freeText(500).optional() }).superRefine((a, ctx) => {
  if (a.status === 'done' && !a.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'v.school.noteRequired' });
});
export type ActionUpdate = z.infer<typeof actionUpdate>;

// The schools overview page's filters (a GET form: an empty field means "any").
const blank = (v: unknown) => (v === '' ? undefined : v);
export const SCHOOL_GRADE_FILTERS = ['A', 'B', 'C', 'D', 'none'] as const;
export const SCHOOLS_PER_PAGE = 50;
export const schoolsOverviewQuery = z.object({
  q: z.preprocess(blank, z.string().trim().max(50, 'v.tooLong').optional()),
  district: z.preprocess(blank, z.enum(DISTRICT_CODES).optional()),
  grade: z.preprocess(blank, z.enum(SCHOOL_GRADE_FILTERS).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export type SchoolsOverviewQuery = z.infer<typeof schoolsOverviewQuery>;
