// Draws every chart on the page from its JSON data block (the CSP forbids inline script).
// Markup: <canvas data-chart="ID"></canvas> and <script type="application/json" id="ID">{chart.js config}</script>
(function () {
  function draw() {
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var block = document.getElementById(canvas.getAttribute('data-chart'));
      if (!block) return;
      try {
        const config = JSON.parse(block.textContent || '{}');
        config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
        new window.Chart(canvas, config);
      } catch (e) {
        canvas.insertAdjacentText('afterend', 'chart error');
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
