// Preferences remembered in localStorage under one key, merged over the defaults so that a
// newer client reading an older blob gets every key.
import { reactive, watch } from 'vue';

export const STORAGE_KEY = 'barertc.prefs';

export const SOUND_EVENTS = ['DM', 'Mention', 'Chat', 'Enter', 'Leave', 'Watch', 'Unwatch'];

export function defaultPrefs() {
  return {
    theme: 'auto', // auto | light | dark
    muteAllSounds: false,
    sounds: {
      DM: { on: true, volume: 0.6 },
      Mention: { on: true, volume: 0.6 },
      Chat: { on: false, volume: 0.4 },
      Enter: { on: false, volume: 0.4 },
      Leave: { on: false, volume: 0.4 },
      Watch: { on: true, volume: 0.5 },
      Unwatch: { on: false, volume: 0.4 },
    },
    joinMessages: true,
    exitMessages: true,
    watchNotif: true,
    dnd: false,
    whoSort: 'a-z',
    autoMuteFeeds: false,
    skipNsfwWarning: false,
    timestamps: true,
    cam: {
      startMuted: false,
      nsfw: false,
      nonExplicit: false,
      mutual: false,
      mutualOpen: false,
      videoDevice: '',
      audioDevice: '',
    },
    lastUsername: '',
    recentEmoji: [],
  };
}

// Copies `saved` over `defaults`, keeping only keys the defaults know and values of their type.
export function mergePrefs(defaults, saved) {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return defaults;
  for (const key of Object.keys(defaults)) {
    const d = defaults[key];
    const s = saved[key];
    if (s === undefined) continue;
    if (Array.isArray(d)) {
      if (Array.isArray(s)) defaults[key] = s;
    } else if (d && typeof d === 'object') {
      mergePrefs(d, s);
    } else if (typeof s === typeof d) {
      defaults[key] = s;
    }
  }
  return defaults;
}

export function loadPrefs(storage) {
  let saved = null;
  try {
    const text = storage && storage.getItem(STORAGE_KEY);
    saved = text ? JSON.parse(text) : null;
  } catch {
    saved = null; // a broken blob must not keep the page from starting
  }
  return mergePrefs(defaultPrefs(), saved);
}

export function createPrefs(storage) {
  const prefs = reactive(loadPrefs(storage));
  watch(
    prefs,
    () => {
      try {
        storage && storage.setItem(STORAGE_KEY, JSON.stringify(prefs));
      } catch {
        // storage full or disabled: preferences just won't survive a reload
      }
    },
    { deep: true, flush: 'sync' },
  );
  return prefs;
}

const storage = typeof localStorage === 'undefined' ? null : localStorage;
export const prefs = createPrefs(storage);
