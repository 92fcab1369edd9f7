// The action plan's print button (the browser's own print works too; this only saves a menu trip).
document.addEventListener('DOMContentLoaded', () => {
  const button = document.getElementById('print-plan');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
