import type { OutgoingContent } from '../../shared/wire.ts';

/** Youyi Village's square, roughly: what "send my location" sends when the browser will not say. */
const VILLAGE_LOCATION = { latitude: 30.9935, longitude: 104.2841 };
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export function toBase64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export async function photoOf(file: File): Promise<OutgoingContent> {
  if (file.size > MAX_PHOTO_BYTES) throw new Error('photo larger than 10 MB');
  return { photo: { bytesBase64: toBase64(await file.arrayBuffer()) } };
}

/** The device's position when granted within a few seconds, else the village square. */
export function currentLocation(): Promise<OutgoingContent> {
  return new Promise((resolve) => {
    const fallback = () => resolve({ location: VILLAGE_LOCATION });
    if (!navigator.geolocation) return fallback();
    const timer = setTimeout(fallback, 3000);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        clearTimeout(timer);
        const { latitude, longitude } = position.coords;
        resolve({ location: { latitude, longitude } });
      },
      () => {
        clearTimeout(timer);
        fallback();
      },
      { timeout: 3000, maximumAge: 600_000 },
    );
  });
}

/** A voice message recorded with the microphone; `stop()` ends it and gives the content. */
export async function startRecording(): Promise<{ stop: () => Promise<OutgoingContent> }> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const recorder = new MediaRecorder(stream);
  const chunks: Blob[] = [];
  const startedAt = Date.now();
  recorder.ondataavailable = (event) => chunks.push(event.data);
  recorder.start();
  return {
    stop: () =>
      new Promise((resolve) => {
        recorder.onstop = async () => {
          for (const track of stream.getTracks()) track.stop();
          const blob = new Blob(chunks, { type: recorder.mimeType || 'audio/webm' });
          resolve({
            voice: {
              duration: Math.max(1, Math.round((Date.now() - startedAt) / 1000)),
              bytesBase64: toBase64(await blob.arrayBuffer()),
              mimeType: blob.type,
            },
          });
        };
        recorder.stop();
      }),
  };
}

/** A two-second clip of three rising tones, made here: for browsers without a microphone. */
export function sampleClip(): OutgoingContent {
  const rate = 8000;
  const seconds = 2;
  const samples = rate * seconds;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) bytes[offset + i] = value.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) {
    const tone = [440, 554, 659][Math.floor((i / samples) * 3)] ?? 440;
    const fade = Math.min(1, (samples - i) / 800, i / 200);
    bytes[44 + i] = 128 + Math.round(60 * fade * Math.sin((2 * Math.PI * tone * i) / rate));
  }
  return { voice: { duration: seconds, bytesBase64: toBase64(bytes.buffer), mimeType: 'audio/wav' } };
}
