import type { Knex } from 'knex';

/**
 * Issue 30: each ledger write is one statement. Every writer for a user queues on the user's
 * `token_accounts` row, and the lock is held until commit; written as several statements in a transaction,
 * the row stayed locked across every network round trip between them, and all the other writers waited for
 * those too. These functions do the same steps server-side, so a call outside a transaction is one
 * round trip and the lock lasts only while PostgreSQL works; what needs no lock (a new hold's row, the look
 * for lapsed holds) is done before taking it.
 *
 * They report refusals as results (`{"error": …}`) instead of raising, so a caller's transaction that joins
 * them stays usable, as it was when the same checks ran in JavaScript (on its own, a refused call still
 * keeps the lapsed holds it let go of). `billing/ledger.ts` is their only
 * caller and turns results into the API's errors; the rules themselves are documented there.
 */
// One statement each: PGlite prepares every query, and a prepared statement holds one command.
const FUNCTIONS = [
  `CREATE FUNCTION ledger_entry_json(e token_ledger) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN e.id IS NULL THEN 'null'::jsonb ELSE jsonb_build_object(
    'id', e.id, 'userId', e.user_id, 'delta', e.delta, 'kind', e.kind, 'reference', e.reference,
    'idempotencyKey', e.idempotency_key, 'balanceAfter', e.balance_after, 'metadata', e.metadata, 'createdAt', e.created_at) END
$$`,
  `CREATE FUNCTION ledger_reservation_json(r token_reservations) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', r.id, 'userId', r.user_id, 'amount', r.amount, 'reference', r.reference, 'idempotencyKey', r.idempotency_key,
    'status', r.status, 'ledgerEntryId', r.ledger_entry_id, 'charged', r.charged, 'expiresAt', r.expires_at)
$$`,
  // Locks (creating if needed) the account row until commit, and lets go of holds that outlived their expiry
  // (a crashed process must not freeze a balance forever); p_except is a hold this call has just written. A
  // hold that lapses or commits after the check is missed only until the next writer lets go of it. Every
  // ledger function takes this lock before it reads or changes the account's holds (only a new hold's own
  // row is written first), so holds need no row locks of their own and writers queue in one order.
  `CREATE FUNCTION ledger_lock_account(p_user uuid, p_except uuid DEFAULT NULL) RETURNS token_accounts LANGUAGE plpgsql AS $$
DECLARE
  -- Looked for before the lock, as the lock's statement once did in its own snapshot: no scan while other
  -- writers wait in the common case of no lapsed hold.
  lapsed boolean := EXISTS (SELECT 1 FROM token_reservations
                             WHERE user_id = p_user AND status = 'held' AND expires_at < now() AND id IS DISTINCT FROM p_except);
  acc token_accounts;
  freed bigint;
BEGIN
  SELECT * INTO acc FROM token_accounts WHERE user_id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO token_accounts (user_id) VALUES (p_user) ON CONFLICT (user_id) DO NOTHING;
    SELECT * INTO acc FROM token_accounts WHERE user_id = p_user FOR UPDATE;
    IF NOT FOUND THEN RAISE EXCEPTION 'token account for % could not be created', p_user; END IF;
  END IF;
  IF NOT lapsed THEN RETURN acc; END IF;
  WITH expired AS (
    UPDATE token_reservations SET status = 'released', updated_at = now()
     WHERE user_id = p_user AND status = 'held' AND expires_at < now() AND id IS DISTINCT FROM p_except
     RETURNING amount
  )
  SELECT coalesce(sum(amount), 0) INTO freed FROM expired;
  IF freed > 0 THEN
    UPDATE token_accounts SET reserved = reserved - freed, updated_at = now() WHERE user_id = p_user RETURNING * INTO acc;
  END IF;
  RETURN acc;
END $$`,
  // A credit (p_credit) or a debit; a debit with p_up_to takes what is available and records the rest.
  `CREATE FUNCTION ledger_entry(p_user uuid, p_credit boolean, p_amount bigint, p_kind text, p_reference text, p_key text, p_metadata jsonb, p_up_to boolean)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acc token_accounts := ledger_lock_account(p_user);
  e token_ledger;
  available bigint := acc.balance - acc.reserved;
  charge bigint;
  v_delta bigint;
  meta jsonb := coalesce(p_metadata, '{}'::jsonb);
BEGIN
  SELECT * INTO e FROM token_ledger WHERE idempotency_key = p_key;
  IF FOUND THEN
    IF e.user_id <> p_user THEN RETURN jsonb_build_object('error', 'idempotency_conflict'); END IF;
    RETURN jsonb_build_object('userId', p_user, 'entry', ledger_entry_json(e));
  END IF;
  IF p_credit THEN
    v_delta := p_amount;
  ELSE
    IF p_amount > available AND NOT p_up_to THEN
      RETURN jsonb_build_object('userId', p_user, 'error', 'insufficient_tokens', 'needed', p_amount, 'available', available);
    END IF;
    charge := least(p_amount, greatest(0, available));
    IF p_amount > charge THEN
      meta := meta || jsonb_build_object('requested', p_amount, 'uncovered', p_amount - charge);
    END IF;
    v_delta := -charge;
  END IF;
  IF acc.balance + v_delta < 0 THEN
    RETURN jsonb_build_object('userId', p_user, 'error', 'insufficient_tokens', 'needed', -v_delta, 'available', available);
  END IF;
  INSERT INTO token_ledger (user_id, delta, kind, reference, idempotency_key, balance_after, metadata)
  VALUES (p_user, v_delta, p_kind, p_reference, p_key, acc.balance + v_delta, meta)
  RETURNING * INTO e;
  UPDATE token_accounts SET balance = e.balance_after, updated_at = now() WHERE user_id = p_user;
  RETURN jsonb_build_object('userId', p_user, 'entry', ledger_entry_json(e));
END $$`,
  // The hold's row is written before the account is touched, so in the common case (enough available, no
  // lapsed hold to let go of) the account row is locked only by the one UPDATE that checks the balance and
  // adds the hold, and for the commit after it.
  `CREATE FUNCTION ledger_reserve(p_user uuid, p_amount bigint, p_reference text, p_key text, p_expires_at timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acc token_accounts;
  r token_reservations;
BEGIN
  -- A key already used inserts nothing and changes nothing; a concurrent first use of the same key makes
  -- this wait for it, then find its hold.
  INSERT INTO token_reservations (user_id, amount, reference, idempotency_key, status, expires_at)
  VALUES (p_user, p_amount, p_reference, p_key, 'held', p_expires_at)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING * INTO r;
  IF NOT FOUND THEN
    -- A repeated key answers with its hold, even when the balance could not cover it again.
    SELECT * INTO r FROM token_reservations WHERE idempotency_key = p_key;
    IF NOT FOUND THEN RAISE EXCEPTION 'reservation % was neither inserted nor found', p_key; END IF;
    IF r.user_id <> p_user THEN RETURN jsonb_build_object('error', 'idempotency_conflict'); END IF;
    RETURN jsonb_build_object('userId', p_user, 'reservation', ledger_reservation_json(r));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM token_reservations x
                  WHERE x.user_id = p_user AND x.status = 'held' AND x.expires_at < now() AND x.id <> r.id) THEN
    UPDATE token_accounts SET reserved = reserved + p_amount, updated_at = now()
     WHERE user_id = p_user AND balance - reserved >= p_amount;
    IF FOUND THEN RETURN jsonb_build_object('userId', p_user, 'reservation', ledger_reservation_json(r)); END IF;
  END IF;
  -- Short, no account yet, or lapsed holds to let go of first: decide holding the lock.
  acc := ledger_lock_account(p_user, r.id);
  IF p_amount <= acc.balance - acc.reserved THEN
    UPDATE token_accounts SET reserved = reserved + p_amount, updated_at = now() WHERE user_id = p_user;
    RETURN jsonb_build_object('userId', p_user, 'reservation', ledger_reservation_json(r));
  END IF;
  DELETE FROM token_reservations WHERE id = r.id;
  RETURN jsonb_build_object('userId', p_user, 'error', 'insufficient_tokens', 'needed', p_amount, 'available', acc.balance - acc.reserved);
END $$`,
  // p_kind, p_reference, p_key: null for the defaults ('analysis', the hold's reference, 'settle:<hold id>').
  `CREATE FUNCTION ledger_settle(p_reservation uuid, p_amount bigint, p_kind text, p_reference text, p_key text, p_metadata jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
  acc token_accounts;
  r token_reservations;
  e token_ledger;
  v_reserved bigint;
  v_charged bigint;
  v_uncovered bigint;
  meta jsonb;
BEGIN
  SELECT user_id INTO owner FROM token_reservations WHERE id = p_reservation;
  IF NOT FOUND THEN RETURN jsonb_build_object('error', 'not_found'); END IF;
  acc := ledger_lock_account(owner);
  -- Read after the account lock (a new snapshot in READ COMMITTED): a settlement that committed meanwhile is seen.
  SELECT * INTO r FROM token_reservations WHERE id = p_reservation;
  IF r.status = 'settled' THEN
    -- Settling twice returns the first result.
    IF r.ledger_entry_id IS NOT NULL THEN SELECT * INTO e FROM token_ledger WHERE id = r.ledger_entry_id; END IF;
    RETURN jsonb_build_object('userId', owner, 'reservation', ledger_reservation_json(r), 'entry', ledger_entry_json(e),
      'charged', coalesce(r.charged, 0), 'uncovered', greatest(0, p_amount - coalesce(r.charged, 0)));
  END IF;
  -- A hold guarantees its own size; a lapsed one was let go above and guarantees nothing.
  v_reserved := acc.reserved - CASE WHEN r.status = 'held' THEN r.amount ELSE 0 END;
  v_charged := least(p_amount, greatest(0, acc.balance - v_reserved));
  v_uncovered := p_amount - v_charged;
  IF v_charged > 0 OR v_uncovered > 0 THEN
    meta := coalesce(p_metadata, '{}'::jsonb) || jsonb_build_object('reserved', r.amount)
      || CASE WHEN v_uncovered > 0 THEN jsonb_build_object('requested', p_amount, 'uncovered', v_uncovered) ELSE '{}'::jsonb END;
    INSERT INTO token_ledger (user_id, delta, kind, reference, idempotency_key, balance_after, metadata)
    VALUES (r.user_id, -v_charged, coalesce(p_kind, 'analysis'), coalesce(p_reference, r.reference),
            coalesce(p_key, 'settle:' || r.id), acc.balance - v_charged, meta)
    RETURNING * INTO e;
  END IF;
  UPDATE token_accounts SET balance = acc.balance - v_charged, reserved = v_reserved, updated_at = now() WHERE user_id = r.user_id;
  UPDATE token_reservations SET status = 'settled', charged = v_charged, ledger_entry_id = e.id, updated_at = now()
   WHERE id = r.id RETURNING * INTO r;
  RETURN jsonb_build_object('userId', owner, 'reservation', ledger_reservation_json(r), 'entry', ledger_entry_json(e),
    'charged', v_charged, 'uncovered', v_uncovered);
END $$`,
  `CREATE FUNCTION ledger_release(p_reservation uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  owner uuid;
  acc token_accounts;
  r token_reservations;
BEGIN
  SELECT user_id INTO owner FROM token_reservations WHERE id = p_reservation;
  IF NOT FOUND THEN RETURN jsonb_build_object('error', 'not_found'); END IF;
  acc := ledger_lock_account(owner);
  SELECT * INTO r FROM token_reservations WHERE id = p_reservation;
  IF r.status = 'held' THEN
    UPDATE token_accounts SET reserved = acc.reserved - r.amount, updated_at = now() WHERE user_id = r.user_id;
    UPDATE token_reservations SET status = 'released', updated_at = now() WHERE id = r.id RETURNING * INTO r;
  END IF;
  RETURN jsonb_build_object('userId', owner, 'reservation', ledger_reservation_json(r));
END $$`,
];

const SIGNATURES = [
  'ledger_release(uuid)',
  'ledger_settle(uuid, bigint, text, text, text, jsonb)',
  'ledger_reserve(uuid, bigint, text, text, timestamptz)',
  'ledger_entry(uuid, boolean, bigint, text, text, text, jsonb, boolean)',
  'ledger_lock_account(uuid, uuid)',
  'ledger_reservation_json(token_reservations)',
  'ledger_entry_json(token_ledger)',
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of FUNCTIONS) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  for (const signature of SIGNATURES) await knex.raw(`DROP FUNCTION IF EXISTS ${signature}`);
}
