import { scoreBand } from '../../server/followups/rules/instruments';

/**
 * The follow-up form's running total: sums the chosen answers and names the band with the
 * server's own scoreBand (its source, so the page and the server cannot disagree on a cut-off).
 * Without JavaScript the total appears when the form is shown again after saving or an error.
 */
export function questionnaireTotalScript(): string {
  return `// Generated from web/children/questionnaire-script.ts and scoreBand in server/followups/rules/instruments.ts.
(function () {
var scoreBand = ${scoreBand.toString()};
function fill(text, params) { return text.replace(/\\{(\\w+)\\}/g, function (m, k) { return k in params ? String(params[k]) : m; }); }
function update(box) {
  var items = Number(box.getAttribute('data-items'));
  var out = box.querySelector('output');
  var total = 0, answered = 0;
  for (var i = 0; i < items; i++) {
    var chosen = box.querySelector('input[name="answer' + i + '"]:checked');
    if (chosen) { answered++; total += Number(chosen.value); }
  }
  if (answered < items) { out.textContent = fill(box.getAttribute('data-pending'), { answered: answered, items: items }); return; }
  var bands = JSON.parse(box.getAttribute('data-bands'));
  out.textContent = fill(box.getAttribute('data-done'), { score: total, band: bands[scoreBand(box.getAttribute('data-instrument'), total)] });
}
document.querySelectorAll('.questionnaire').forEach(function (box) {
  box.addEventListener('change', function () { update(box); });
  update(box);
});
})();
`;
}
