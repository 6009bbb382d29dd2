// countdown: a deadline's remaining working time in words.
//
// The API gives `countdown.working_seconds` (negative when overdue), counted in office
// hours by the district's calendar. A working day is the office day, 08:30–12:00 and
// 14:00–17:30 by default: 7 hours. (The API does not say how long the configured office day
// is; WORKING_DAY_SECONDS must follow the server's office hours.)
export const WORKING_DAY_SECONDS = 7 * 3600;

// → {overdue, days, hours, minutes}: the parts of |seconds| in working days, hours, minutes.
export function splitWorking(seconds) {
  const abs = Math.abs(seconds);
  const days = Math.floor(abs / WORKING_DAY_SECONDS);
  const hours = Math.floor((abs % WORKING_DAY_SECONDS) / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  return { overdue: seconds < 0, days, hours, minutes };
}

// The countdown as words through the translator t: "剩余 3 工作小时", "已超期 1 工作日".
// Whole working days when a day or more is left, else hours, else minutes (the exact
// due time is in the title).
export function countdownText(t, seconds) {
  const { overdue, days, hours, minutes } = splitWorking(seconds);
  let amount;
  if (days > 0) amount = t('countdown.days', { n: days }, days);
  else if (hours > 0) amount = t('countdown.hours', { n: hours }, hours);
  else amount = t('countdown.minutes', { n: Math.max(minutes, seconds === 0 ? 0 : 1) }, Math.max(minutes, seconds === 0 ? 0 : 1));
  return t(overdue ? 'countdown.overdue' : 'countdown.left', { time: amount });
}

// How urgent the countdown looks: 'danger' overdue, 'warning' within half a working day.
export function countdownLevel(seconds) {
  if (seconds < 0) return 'danger';
  if (seconds < WORKING_DAY_SECONDS / 2) return 'warning';
  return 'info';
}
