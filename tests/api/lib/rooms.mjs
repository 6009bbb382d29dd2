// Reception rooms for the visit and poster suites. A room is written straight into the
// database (the rooms' own API belongs to the rooms and rota work); its chain is not
// started, so these suites do not run `audit verify`.
import { sqlQuery } from './server.mjs';

let n = 0;
// A room of the community `org` ({id} from the public tree), active unless told;
// returns {id, name, address, community_id}.
export function makeRoom(ctx, org, { status = 'active', hours = '[{"from":"14:30","to":"17:30","weekday":2},{"from":"09:00","to":"12:00","weekday":6}]' } = {}) {
  n++;
  const name = `测试书记会客室${process.pid}-${n}`;
  const address = `惠环街道测试路${n}号`;
  const now = '2026-09-01T00:00:00Z';
  const id = Number(
    sqlQuery(
      ctx,
      `INSERT INTO rooms (community_id, community_path, name, address, phone, hours, status, created_at, updated_at)` +
        ` VALUES (${org.id}, (SELECT path FROM orgs WHERE id = ${org.id}), '${name}', '${address}', '0752-1234567', '${hours}', '${status}', '${now}', '${now}') RETURNING id`,
    ).split('\n')[0],
  );
  return { id, name, address, community_id: org.id };
}
