// Glowletter admin: small progressive enhancements. Every page works without this file.
(function () {
  'use strict';

  // Live progress bars: poll the campaign's numbers every second while it is sending.
  function watchProgress(box) {
    var url = box.getAttribute('data-progress');
    var bar = box.querySelector('progress');
    var pct = box.querySelector('.progress-pct');
    var detail = box.querySelector('.progress-detail');
    var report = box.closest('.report');
    function update(p) {
      bar.value = p.percent;
      bar.textContent = p.percent + ' %';
      pct.textContent = p.percent + '\u00a0%';
      var words = p.sent + ' sent, ' + p.failed + ' failed, ' + p.queued + ' to go';
      if (p.ratePerSecond != null) { words += ' \u00b7 ' + p.ratePerSecond + '/s'; }
      if (p.etaSeconds != null && p.status === 'SENDING') { words += ' \u00b7 about ' + p.etaSeconds + 's left'; }
      detail.textContent = words;
      box.setAttribute('data-status', p.status);
      if (report) {
        ['recipients', 'sent', 'failed', 'skipped'].forEach(function (f) {
          var dd = report.querySelector('[data-field="' + f + '"]');
          if (dd) { dd.textContent = p[f]; }
        });
      }
    }
    function poll() {
      fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (p) {
          update(p);
          if (p.status === 'SENDING' || p.status === 'SCHEDULED') { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    var status = box.getAttribute('data-status');
    if (status === 'SENDING' || status === 'SCHEDULED') { setTimeout(poll, 500); }
  }
  document.querySelectorAll('[data-progress]').forEach(watchProgress);

  // Preview width: desktop or phone.
  document.querySelectorAll('[data-preview-width]').forEach(function (button) {
    button.addEventListener('click', function () {
      var frame = document.getElementById('preview');
      var phone = button.getAttribute('data-preview-width') === 'phone';
      frame.classList.toggle('phone', phone);
      frame.classList.toggle('desktop', !phone);
      button.parentNode.querySelectorAll('[data-preview-width]').forEach(function (b) {
        b.setAttribute('aria-pressed', String(b === button));
      });
    });
  });

  // Live preview: the editor form posts itself into the preview frame a moment after each change.
  var refresh = document.getElementById('refresh-preview');
  if (refresh) {
    var timer = null;
    var schedule = function () { clearTimeout(timer); timer = setTimeout(function () { refresh.click(); }, 600); };
    document.querySelectorAll('[data-live-preview]').forEach(function (field) {
      field.addEventListener('input', schedule);
      field.addEventListener('change', schedule);
    });
    var frame = document.getElementById('preview');
    if (frame && frame.getAttribute('src') === 'about:blank') { schedule(); }
  }

  // Article order: arrows move a row; positions are renumbered to match what is shown.
  document.querySelectorAll('[data-reorder]').forEach(function (list) {
    function renumber() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.querySelector('input.position').value = i + 1;
        li.classList.toggle('picked', li.querySelector('input[type=checkbox]').checked);
      });
    }
    Array.prototype.forEach.call(list.children, function (li) {
      var title = li.querySelector('.pick-title').textContent;
      [['\u2191', 'up'], ['\u2193', 'down']].forEach(function (d) {
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'move';
        b.textContent = d[0];
        b.setAttribute('aria-label', 'Move ' + title + ' ' + d[1]);
        b.addEventListener('click', function () {
          if (d[1] === 'up' && li.previousElementSibling) { list.insertBefore(li, li.previousElementSibling); }
          if (d[1] === 'down' && li.nextElementSibling) { list.insertBefore(li.nextElementSibling, li); }
          renumber();
          b.focus();
          if (refresh) { refresh.click(); }
        });
        li.appendChild(b);
      });
      li.querySelector('input.position').classList.add('visually-hidden');
    });
    list.addEventListener('change', renumber);
  });

  // A new schedule defaults to the browser's time zone.
  document.querySelectorAll('select[data-default-zone]').forEach(function (select) {
    if (select.value !== 'UTC') { return; }
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.querySelector('option[value="' + zone + '"]')) { select.value = zone; }
    } catch (e) { /* keep UTC */ }
  });

  // Cron helper: the next three runs, in words, as the admin types.
  var cron = document.querySelector('[data-cron-helper]');
  if (cron) {
    var zoneField = document.getElementById('timeZone');
    var out = document.getElementById('cron-runs');
    var t = null;
    var check = function () {
      clearTimeout(t);
      t = setTimeout(function () {
        var url = '/admin/digests/cron?cron=' + encodeURIComponent(cron.value) + '&timeZone=' + encodeURIComponent(zoneField.value);
        fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (answer) {
          out.innerHTML = '';
          if (answer.error) {
            var p = document.createElement('li');
            p.className = 'field-error';
            p.textContent = answer.error;
            out.appendChild(p);
            return;
          }
          answer.runs.forEach(function (run) {
            var li = document.createElement('li');
            li.textContent = run;
            out.appendChild(li);
          });
        });
      }, 300);
    };
    cron.addEventListener('input', check);
    zoneField.addEventListener('change', check);
  }
  // Excerpt preview: the card shows the written excerpt, or what the server derives from the body.
  var body = document.querySelector('[data-excerpt-source]');
  if (body) {
    var own = document.querySelector('[data-excerpt-own]');
    var shown = document.getElementById('excerpt-preview');
    var title = document.getElementById('title');
    var cardTitle = document.getElementById('card-title');
    var token = body.form.querySelector('input[name="_csrf"]');
    var et = null;
    var derive = function () {
      clearTimeout(et);
      et = setTimeout(function () {
        if (own.value.trim()) { shown.textContent = own.value.trim(); return; }
        var data = new URLSearchParams();
        data.append('body', body.value);
        if (token) { data.append('_csrf', token.value); }
        fetch('/admin/articles/excerpt', { method: 'POST', body: data, credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (answer) { shown.textContent = answer.excerpt; });
      }, 400);
    };
    body.addEventListener('input', derive);
    own.addEventListener('input', derive);
    title.addEventListener('input', function () { cardTitle.textContent = title.value || 'Your title'; });
  }
  // Who it is for: the count of readers the chosen target reaches now, as the admin changes it.
  document.querySelectorAll('[data-audience-count]').forEach(function (box) {
    var out = box.querySelector('.audience-count');
    var timer = null;
    var recount = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = new URLSearchParams();
        var target = box.querySelector('input[name="target"]:checked');
        var segment = box.querySelector('select[name="segmentId"]');
        var ticked = box.querySelector('input[name="topicIds"]:checked');
        query.append('target', target ? target.value : (segment && segment.value ? 'segment' : (ticked ? 'topics' : 'everyone')));
        box.querySelectorAll('input[name="topicIds"]:checked').forEach(function (t) { query.append('topicIds', t.value); });
        if (segment && segment.value) { query.append('segmentId', segment.value); }
        fetch(box.getAttribute('data-audience-count') + '?' + query.toString(), { credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (answer) { out.textContent = answer.text; });
      }, 200);
    };
    box.addEventListener('change', recount);
  });

  // Segment editor: the count of readers the filter as written matches, before it is saved.
  document.querySelectorAll('[data-segment-count]').forEach(function (form) {
    var out = document.getElementById('segment-count');
    var timer = null;
    var recount = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(form.getAttribute('data-segment-count'), { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (answer) {
            out.textContent = answer.text;
            out.classList.toggle('field-error', !!answer.invalid);
          });
      }, 300);
    };
    form.addEventListener('change', recount);
    form.addEventListener('input', recount);
  });
})();
