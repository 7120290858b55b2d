// atmokit interactive plot: draws one variable of one day with uPlot (vendored next to this
// file). The variable is named by the page's #fragment; the day's data file plotdata.js (in the
// day's folder, loaded after this script) calls atmokitDay({...}). Drag to zoom, wheel to zoom around the cursor, the arrows
// (or the buttons) to pan, double-click or "reset" to see the whole day. The read-out shows the
// time, the value and the QC tests set at the cursor.
(function () {
  'use strict';
  var box = document.getElementById('plot');
  var out = document.getElementById('readout');
  var plot = null, data = null, full = null;

  function fmtTime(s) {
    return new Date(Math.round(s * 1000)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function testsSet(q) {
    if (q === null || q === undefined || !data.tests) return [];
    var set = [];
    data.tests.forEach(function (t) {
      var on = t.mask !== null ? (Math.floor(q / t.mask) % 2 === 1) : q === t.value;
      if (on) set.push('test ' + t.number + ' [' + (t.assessment || '?') + '] ' + t.meaning);
    });
    return set;
  }

  function readout(i) {
    if (i === null || i === undefined || !data) { out.textContent = 'Hover over the plot for values.'; return; }
    var x = plot.data[0][i], y = plot.data[1][i];
    var q = data.qc ? data.qc[i] : null;
    var lines = [fmtTime(x) + '   ' + data.variable + ' = ' + (y === null ? 'missing' : y) + (data.units ? ' ' + data.units : '')];
    if (data.qc) {
      var set = testsSet(q);
      lines.push('QC ' + (q === null ? '–' : q) + ': ' + (set.length ? set.join('; ') : 'no test set'));
    }
    out.textContent = lines.join('\n');
  }

  function setX(min, max) {
    if (!plot || !(max > min)) return;
    plot.setScale('x', { min: min, max: max });
  }

  function pan(frac) {
    var s = plot.scales.x, w = s.max - s.min;
    setX(s.min + frac * w, s.max + frac * w);
  }

  function draw(d) {
    data = d;
    var xs = new Array(d.t.length), flagged = new Array(d.t.length);
    for (var i = 0; i < d.t.length; i++) {
      xs[i] = d.t0 + d.t[i];
      var bad = false;
      if (d.qc && d.qc[i]) {
        testsSet(d.qc[i]).forEach(function (s) { if (/\[(Bad|Incorrect|Suspect|Indeterminate)\]/.test(s)) bad = true; });
      }
      flagged[i] = bad ? d.y[i] : null;
    }
    full = [xs[0], xs[xs.length - 1]];
    document.getElementById('title').textContent = d.datastream + ' ' + d.date + ': ' + (d.long_name || d.variable);
    var opts = {
      width: Math.max(400, Math.min(box.clientWidth || 1000, 1200)),
      height: 420,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false, setScale: true } },
      series: [
        { label: 'time (UTC)', value: function (u, v) { return v === null ? '–' : fmtTime(v); } },
        { label: d.variable + (d.units ? ' (' + d.units + ')' : ''), stroke: '#1f77b4', width: 1, points: { show: false } },
        { label: 'flagged Bad/Suspect', stroke: '#d73027', width: 0, paths: function () { return null; }, points: { show: true, size: 4, fill: '#d73027' } }
      ],
      axes: [{}, { label: d.units || '' }],
      hooks: { setCursor: [function (u) { readout(u.cursor.idx); }] }
    };
    plot = new uPlot(opts, [xs, d.y, flagged], box);
    window.atmokitUPlot = plot;
    plot.over.addEventListener('wheel', function (e) {
      e.preventDefault();
      var s = plot.scales.x, w = s.max - s.min;
      var at = plot.posToVal(e.offsetX, 'x');
      var k = e.deltaY < 0 ? 0.8 : 1.25;
      setX(at - (at - s.min) * k, at + (s.max - at) * k);
    }, { passive: false });
    plot.over.addEventListener('dblclick', function () { setX(full[0], full[1]); });
    readout(null);
  }

  window.atmokitDay = function (day) {
    var names = Object.keys(day.vars);
    var name = decodeURIComponent(location.hash.slice(1)) || box.getAttribute('data-first');
    var v = day.vars[name];
    if (!v) { out.textContent = 'No interactive data for ' + name + ' on this day (' + names.join(', ') + ').'; return; }
    draw({ variable: name, units: v.units, long_name: v.long_name, datastream: day.datastream, date: day.date,
           t0: day.t0, t: day.t, y: v.y, qc: v.qc, tests: v.tests });
    if (day.stride > 1) {
      document.getElementById('title').textContent += ' (every ' + day.stride + 'th sample)';
    }
  };
  document.getElementById('reset').addEventListener('click', function () { setX(full[0], full[1]); });
  document.getElementById('left').addEventListener('click', function () { pan(-0.25); });
  document.getElementById('right').addEventListener('click', function () { pan(0.25); });
  document.addEventListener('keydown', function (e) {
    if (!plot) return;
    if (e.key === 'ArrowLeft') pan(-0.25);
    if (e.key === 'ArrowRight') pan(0.25);
  });
  window.addEventListener('hashchange', function () { location.reload(); });
})();
