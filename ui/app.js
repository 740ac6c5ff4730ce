import { Api, onTokenNeeded, worldFromLocation } from './api.js';
import { $, clear, h, shortTime } from './dom.js';
import { CallsView } from './calls.js';
import { WorldView } from './world.js';
import { RunsView } from './runs.js';

const world = worldFromLocation();
const api = new Api(world);
const listeners = new Set();

/** What every view shares: the API, the status line, live calls and cross-view links. */
const ctx = {
  api,
  world,
  /** Shows a confirmation (or an error) in the status line, read out by screen readers. */
  status(message, kind = 'ok') {
    const el = $('#status');
    clear(el, h(`span.msg.${kind}`, message));
    el.dataset.kind = kind;
  },
  fail(err) {
    ctx.status(`${err.status ? `${err.status}: ` : ''}${err.message}`, 'error');
  },
  onEntry(fn) {
    listeners.add(fn);
  },
  showCall(seq) {
    location.hash = `#calls/${seq}`;
  },
  showCalls(filter) {
    location.hash = `#calls?${new URLSearchParams(filter)}`;
  },
  refreshClock,
};

// Calls that meet a 401 at the same time share one question.
let asking;
onTokenNeeded(() => (asking ??= askToken().finally(() => (asking = undefined))));

function askToken() {
  const dialog = $('#token-dialog');
  const input = $('#token-input');
  input.value = '';
  return new Promise((resolve) => {
    const done = (value) => {
      dialog.removeEventListener('close', onClose);
      resolve(value);
    };
    const onClose = () => done(dialog.returnValue === 'ok' ? input.value.trim() : undefined);
    $('#token-form').onsubmit = (e) => {
      e.preventDefault();
      dialog.close('ok');
    };
    $('#token-cancel').onclick = () => dialog.close('cancel');
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    input.focus();
  });
}

async function refreshClock() {
  try {
    const clock = await api.get('clock');
    $('#clock').textContent = `${shortTime(clock.now)}${clock.frozen ? ' (frozen)' : ''}`;
    return clock;
  } catch {
    $('#clock').textContent = '—';
    return undefined;
  }
}

async function fillWorldPicker() {
  const picker = $('#world-picker');
  try {
    const { worlds } = await api.get('worlds', { global: true });
    const names = worlds.map((w) => w.name);
    const current = world ?? names[0];
    clear(picker, ...names.map((n, i) => h('option', { value: i === 0 ? '' : n, selected: n === current }, n)));
  } catch (err) {
    clear(picker, h('option', world ?? 'default'));
    ctx.fail(err);
  }
  picker.onchange = () => {
    const name = picker.value;
    location.href = `${name ? `/w/${encodeURIComponent(name)}` : ''}/_sim/ui/${location.hash}`;
  };
}

const views = {
  calls: new CallsView(ctx),
  world: new WorldView(ctx),
  runs: new RunsView(ctx),
};

function route() {
  const [name, ...rest] = (location.hash.slice(1) || 'calls').split(/(?=[/?])/);
  const current = views[name] ? name : 'calls';
  for (const [key, view] of Object.entries(views)) {
    const panel = $(`#view-${key}`);
    const tab = $(`#tab-${key}`);
    const on = key === current;
    panel.hidden = !on;
    if (on) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
    if (on) {
      view.show(panel, rest.join(''));
      document.title = `${tab.firstChild.textContent.trim()} · mews-sim${world ? ` · ${world}` : ''}`;
    }
  }
}

function live() {
  const state = $('#live-state');
  let lastSeq;
  api.follow(
    lastSeq,
    (entry) => {
      for (const fn of listeners) fn(entry);
    },
    (s) => {
      state.textContent = s === 'live' ? '● live' : s;
      state.dataset.state = s;
    },
  );
}

window.addEventListener('hashchange', route);
await fillWorldPicker();
route();
live();
refreshClock();
setInterval(refreshClock, 10_000);
