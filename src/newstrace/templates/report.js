// Clicking (or focusing) a sentence highlights its counterparts in the other versions.
(function () {
  function light(el) {
    document.querySelectorAll('.s.lit').forEach(function (n) { n.classList.remove('lit'); });
    el.classList.add('lit');
    (el.dataset.aligned || '').trim().split(/\s+/).forEach(function (key) {
      if (!key) return;
      var other = document.querySelector('.s[data-key="' + key + '"]');
      if (other) { other.classList.add('lit'); }
    });
  }
  document.querySelectorAll('.s').forEach(function (el) {
    el.addEventListener('click', function () { light(el); });
    el.addEventListener('focus', function () { light(el); });
  });
  document.querySelectorAll('[data-flag-article]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var sel = '.version[data-article="' + a.dataset.flagArticle + '"] .s';
      var start = parseInt(a.dataset.flagStart, 10), best = null;
      document.querySelectorAll(sel).forEach(function (s) {
        if (!s.classList.contains('headline') && parseInt(s.dataset.start, 10) <= start) { best = s; }
      });
      if (best) { best.scrollIntoView({block: 'center'}); light(best); }
    });
  });
})();
