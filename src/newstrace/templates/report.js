// Story page behaviour, no dependencies. Hovering a sentence outlines its counterparts in the other
// versions; clicking it (or Enter/Space on it) selects it and scrolls its counterparts into view.
// A flag button selects and reveals the sentences it points at. Article text is never read as HTML here.
(function () {
  'use strict';
  var peers = {};

  function link(a, b) {
    (peers[a] = peers[a] || {})[b] = true;
    (peers[b] = peers[b] || {})[a] = true;
  }

  function byId(id) { return document.getElementById(id); }

  function peersOf(el) { return Object.keys(peers[el.id] || {}).map(byId).filter(Boolean); }

  function clear(cls) {
    document.querySelectorAll('.' + cls).forEach(function (n) { n.classList.remove(cls); });
  }

  function reveal(el) {
    var grid = el.closest('.versions'), version = el.closest('.version');
    if (grid && version && grid.scrollWidth > grid.clientWidth) {
      var g = grid.getBoundingClientRect(), v = version.getBoundingClientRect();
      if (v.left < g.left || v.right > g.right) { grid.scrollLeft += v.left - g.left; }
    }
    var col = el.closest('.vbody');
    if (col && col.scrollHeight > col.clientHeight + 1 && getComputedStyle(col).overflowY !== 'visible') {
      var top = el.getBoundingClientRect().top - col.getBoundingClientRect().top + col.scrollTop;
      col.scrollTop = Math.max(0, top - col.clientHeight / 2 + el.offsetHeight / 2);
      var box = col.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) { col.closest('.version').scrollIntoView({block: 'nearest'}); }
    } else {
      el.scrollIntoView({block: 'center'});
    }
  }

  function select(els, scroll) {
    clear('sel'); clear('peer'); clear('on');
    els.forEach(function (el) {
      el.classList.add('sel');
      peersOf(el).forEach(function (p) { if (!p.classList.contains('sel')) { p.classList.add('peer'); } });
    });
    if (scroll) {
      els.forEach(reveal);
      els.forEach(function (el) { peersOf(el).forEach(reveal); });
    }
  }

  function narrow() { return !!(window.matchMedia && window.matchMedia('(max-width: 760px)').matches); }

  function hover(el, on) {
    peersOf(el).forEach(function (p) { p.classList.toggle('hover', on); });
  }

  function sentence(el) {
    (el.dataset.peers || '').split(' ').forEach(function (id) { if (id) { link(el.id, id); } });
    el.addEventListener('mouseenter', function () { hover(el, true); });
    el.addEventListener('mouseleave', function () { hover(el, false); });
    // Side by side, counterparts scroll into view in their columns; stacked on a phone, the page stays put.
    el.addEventListener('click', function () { select([el], !narrow()); });
    el.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select([el], !narrow()); }
    });
  }

  function flag(btn) {
    btn.addEventListener('click', function () {
      var els = (btn.dataset.targets || '').split(' ').map(byId).filter(Boolean);
      if (!els.length) { return; }
      var grid = els[0].closest('.versions');
      els.forEach(unhide);
      if (grid) { grid.scrollIntoView({block: 'start'}); }
      select(els, true);
      btn.classList.add('on');
      els[0].focus({preventScroll: true});
    });
  }

  // The version picker: which versions stand side by side (the first four when there are more).
  function picker(group) {
    var buttons = Array.prototype.slice.call(group.querySelectorAll('button.vt'));
    function show(btn, on) {
      btn.setAttribute('aria-pressed', on ? 'true' : 'false');
      var col = byId(btn.dataset.version);
      if (col) { col.hidden = !on; }
    }
    buttons.forEach(function (btn, i) {
      show(btn, buttons.length <= 4 || i < 4);
      btn.addEventListener('click', function () { show(btn, btn.getAttribute('aria-pressed') !== 'true'); });
    });
    group.querySelector('button.vt-all').addEventListener('click', function () {
      buttons.forEach(function (btn) { show(btn, true); });
    });
    return function (el) {  // reveal a sentence's column when a flag or core item points into it
      var col = el.closest('.version');
      buttons.forEach(function (btn) { if (col && btn.dataset.version === col.id) { show(btn, true); } });
    };
  }

  function unhide(el) { pickers.forEach(function (p) { p(el); }); }
  var pickers = [];

  function start() {
    document.querySelectorAll('.picker').forEach(function (g) { pickers.push(picker(g)); });
    document.querySelectorAll('.s[id]').forEach(sentence);
    document.querySelectorAll('button.flag').forEach(flag);
    document.querySelectorAll('a.tag[href^="#v-"]').forEach(function (a) {
      a.addEventListener('click', function () { var col = byId(a.getAttribute('href').slice(1)); if (col) { unhide(col); } });
    });
    if (narrow()) {
      document.querySelectorAll('details.flaglist, details.key').forEach(function (d) { d.open = false; });
    }
    if (location.hash && location.hash.indexOf('#s-') === 0) {
      var el = byId(location.hash.slice(1));
      if (el) { select([el], true); }
    }
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
