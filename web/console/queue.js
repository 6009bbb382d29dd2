// queue: one list out of several paged API queries, in order.
//
// The API filters by one status at a time and pages with an id cursor, newest (highest id)
// first. A queue such as the dispatcher's inbox (submitted and accepted) or a unit's open
// work is several such queries; "overdue first" puts the overdue=true queries in a phase of
// their own before the rest. Within a phase the streams are merged by id, descending, and
// an item is only handed out once every stream that still has pages has something buffered
// (so the order is right across page boundaries). An id seen in an earlier phase is skipped
// later, so an overdue case is listed once, at the top.

// fetchPage(params, after) → {items, next}; phases: [[params, ...], ...].
export function createQueue(fetchPage, phases, pageSize = 20) {
  const state = phases.map((streams) =>
    streams.map((params) => ({ params, next: undefined, buffer: [], done: false })),
  );
  const seen = new Set();

  async function fill(stream) {
    const page = await fetchPage(stream.params, stream.next ?? null);
    stream.buffer.push(...page.items);
    stream.next = page.next ?? null;
    if (stream.next === null) stream.done = true;
  }

  function phaseFinished(streams) {
    return streams.every((s) => s.done && s.buffer.length === 0);
  }

  // The next page of items: [{item, phase}], and whether more remain.
  async function more() {
    const out = [];
    for (let p = 0; p < state.length && out.length < pageSize; p++) {
      const streams = state[p];
      while (out.length < pageSize && !phaseFinished(streams)) {
        const hungry = streams.filter((s) => !s.done && s.buffer.length === 0);
        if (hungry.length) await Promise.all(hungry.map(fill));
        // Hand out items while every live stream has one buffered.
        while (out.length < pageSize) {
          if (streams.some((s) => !s.done && s.buffer.length === 0)) break;
          let best = null;
          for (const s of streams) if (s.buffer.length && (!best || s.buffer[0].id > best.buffer[0].id)) best = s;
          if (!best) break;
          const item = best.buffer.shift();
          if (seen.has(item.id)) continue;
          seen.add(item.id);
          out.push({ item, phase: p });
        }
      }
    }
    return { items: out, hasMore: !state.every(phaseFinished) };
  }

  return { more };
}
