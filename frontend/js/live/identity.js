/**
 * What a device keeps about a live class: a teacher's token in sessionStorage (this tab only,
 * never in the URL) and a student's anonymous id in localStorage (one answer per question).
 */

const TEACHER_KEY = 'gradplay.liveTeacher';
const STUDENT_KEY = 'gradplay.studentId';
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A random version-4 UUID. crypto.randomUUID exists only in secure contexts, and a phone on the
 *  classroom network opens http://192.168.x.y: getRandomValues works everywhere. */
function uuid4() {
  if (window.isSecureContext && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function storage(kind) {
  try {
    return window[kind];
  } catch {
    return null;  // storage blocked: the id lives as long as the page
  }
}

let fallbackId = null;

export function studentId() {
  const store = storage('localStorage');
  const kept = store?.getItem(STUDENT_KEY);
  if (kept && UUID4.test(kept)) return kept;
  const id = fallbackId ?? uuid4();
  fallbackId = id;
  store?.setItem(STUDENT_KEY, id);
  return id;
}

/** The class this tab teaches: {code, token, join_url}, or null. */
export function teacherClass() {
  try {
    return JSON.parse(storage('sessionStorage')?.getItem(TEACHER_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function keepTeacherClass(value) {
  const store = storage('sessionStorage');
  if (value) store?.setItem(TEACHER_KEY, JSON.stringify(value));
  else store?.removeItem(TEACHER_KEY);
}
