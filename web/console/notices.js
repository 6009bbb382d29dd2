// notices: the unread count shown on the bell, refreshed every minute while logged in and
// whenever a screen reads or marks notifications.
import { reactive } from 'vue';
import { api } from '../shared/api.js';

export const noticeStore = reactive({ unread: 0 });

let timer = null;

export async function refreshUnread() {
  try {
    const data = await api.get('/api/v1/notifications', { query: { limit: 1 } });
    noticeStore.unread = data?.unread ?? 0;
  } catch {
    /* the bell keeps its last count; an expired session is handled by the API client */
  }
}

export function startPolling() {
  stopPolling();
  refreshUnread();
  timer = setInterval(refreshUnread, 60000);
}

export function stopPolling() {
  if (timer) clearInterval(timer);
  timer = null;
}
