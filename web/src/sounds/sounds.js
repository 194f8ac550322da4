// Sound effects synthesised with WebAudio oscillators: no files, no network.
// Each event has its own tune; the preferences say which ones play and how loud.

// [frequency Hz, start s, duration s, waveform]
const TUNES = {
  DM: [[988, 0, 0.07, 'triangle'], [1319, 0.08, 0.07, 'triangle'], [988, 0.16, 0.07, 'triangle'], [1319, 0.24, 0.1, 'triangle']],
  Mention: [[1568, 0, 0.09, 'sine'], [2093, 0.1, 0.16, 'sine']],
  Chat: [[880, 0, 0.08, 'sine']],
  Enter: [[660, 0, 0.1, 'sine'], [880, 0.1, 0.16, 'sine']],
  Leave: [[880, 0, 0.1, 'sine'], [587, 0.1, 0.18, 'sine']],
  Watch: [[1175, 0, 0.35, 'sine'], [1760, 0.02, 0.2, 'sine']],
  Unwatch: [[440, 0, 0.12, 'square']],
};

export const SOUND_LABELS = {
  DM: 'Direct messages',
  Mention: 'Someone mentions me (@name)',
  Chat: 'Public channel messages',
  Enter: 'Someone joins',
  Leave: 'Someone leaves',
  Watch: 'Someone starts watching you',
  Unwatch: 'Someone stops watching you',
};

let ctx = null;

function context() {
  const AC = typeof window !== 'undefined' && (window.AudioContext || window.webkitAudioContext);
  if (!AC) return null;
  if (!ctx) ctx = new AC();
  return ctx;
}

// Browsers keep audio locked until the user interacts: resume on the first gesture.
export function unlockAudioOnGesture(target = typeof window === 'undefined' ? null : window) {
  if (!target) return;
  const unlock = () => {
    const c = context();
    if (c && c.state === 'suspended') c.resume().catch(() => {});
    target.removeEventListener('pointerdown', unlock);
    target.removeEventListener('keydown', unlock);
  };
  target.addEventListener('pointerdown', unlock);
  target.addEventListener('keydown', unlock);
}

export function playTune(event, volume = 0.5) {
  const notes = TUNES[event];
  const c = notes && context();
  if (!c || c.state !== 'running' || volume <= 0) return;
  const t0 = c.currentTime + 0.01;
  const master = c.createGain();
  master.gain.value = Math.min(1, Math.max(0, volume)) * 0.4;
  master.connect(c.destination);
  for (const [freq, start, dur, type] of notes) {
    const osc = c.createOscillator();
    const env = c.createGain();
    osc.type = type;
    osc.frequency.value = freq;
    env.gain.setValueAtTime(0.0001, t0 + start);
    env.gain.exponentialRampToValueAtTime(1, t0 + start + 0.01);
    env.gain.exponentialRampToValueAtTime(0.0001, t0 + start + dur);
    osc.connect(env).connect(master);
    osc.start(t0 + start);
    osc.stop(t0 + start + dur + 0.02);
  }
}

// Plays `event` if the preferences allow it.
export function playSound(prefs, event) {
  if (!prefs || prefs.muteAllSounds) return;
  const s = prefs.sounds && prefs.sounds[event];
  if (s && s.on) playTune(event, s.volume);
}
