// Camera and microphone access for broadcasting.

export function mediaAvailable() {
  return typeof navigator !== 'undefined' && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

// ideal 640×480, at most 1280×720 (compat §6.4).
export function constraintsFor({ videoDevice = '', audioDevice = '' } = {}) {
  const video = { width: { ideal: 640, max: 1280 }, height: { ideal: 480, max: 720 } };
  if (videoDevice) video.deviceId = { exact: videoDevice };
  const audio = audioDevice ? { deviceId: { exact: audioDevice } } : true;
  return { video, audio };
}

export async function openCamera(devices) {
  try {
    return await navigator.mediaDevices.getUserMedia(constraintsFor(devices));
  } catch (err) {
    // A remembered device that is gone: fall back to the defaults once.
    if (devices && (devices.videoDevice || devices.audioDevice) && err && err.name === 'OverconstrainedError') {
      return navigator.mediaDevices.getUserMedia(constraintsFor({}));
    }
    throw err;
  }
}

export async function listDevices() {
  const all = await navigator.mediaDevices.enumerateDevices();
  const label = (d, i, what) => d.label || `${what} ${i + 1}`;
  const cams = all.filter((d) => d.kind === 'videoinput');
  const mics = all.filter((d) => d.kind === 'audioinput');
  return {
    cameras: cams.map((d, i) => ({ id: d.deviceId, label: label(d, i, 'Camera') })),
    microphones: mics.map((d, i) => ({ id: d.deviceId, label: label(d, i, 'Microphone') })),
  };
}

export function stopStream(stream) {
  if (stream) for (const track of stream.getTracks()) track.stop();
}

// A human sentence for a getUserMedia failure.
export function describeMediaError(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Permission to use the camera was denied. Allow it in your browser’s site settings and try again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera or microphone was found.';
  if (name === 'NotReadableError') return 'The camera is in use by another program.';
  if (!mediaAvailable()) return 'This browser cannot share a camera here (a secure https:// page is needed).';
  return 'Could not start the camera: ' + ((err && err.message) || String(err));
}
