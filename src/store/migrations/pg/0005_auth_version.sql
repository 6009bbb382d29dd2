-- 0005 auth_version, PostgreSQL 15: the twin of ../sqlite/0005_auth_version.sql. One
-- counter that every change to who a caller is moves — users, their roles, sessions,
-- integration tokens, and org paths (a grant carries its org's path). Triggers keep it,
-- so every writer moves it: the API, the command line, another process or server. The
-- servers keep each thread's recent callers and read them again when the counter has
-- moved (api/auth.c), instead of three queries on every request.
-- SQLite's triggers each hold their UPDATE; here they share one function. They stay
-- FOR EACH ROW, as SQLite's are: a statement that changes no row (the worker's purge of
-- expired sessions, most rounds) leaves the counter, and the callers' caches, alone.
-- They are constraint triggers deferred to commit: the counter's row is then locked last,
-- for the commit only. Moved at once (as on SQLite, where one writer runs at a time), it
-- would stay locked for the rest of the transaction, so two servers' write batches — one
-- that made a session and then waits for an appeal's row, the other holding that row and
-- making a session — would deadlock. The counter still moves in the transaction that
-- made the change, so it is never seen to move before the change is.
-- The one id is a plain key (SQLite makes it the rowid): the row is inserted here.
CREATE TABLE auth_version (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO auth_version VALUES (1, 0);

CREATE FUNCTION auth_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE auth_version SET n = n + 1;
	RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER users_auth_i AFTER INSERT ON users
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER users_auth_u AFTER UPDATE ON users
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER users_auth_d AFTER DELETE ON users
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER user_roles_auth_i AFTER INSERT ON user_roles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER user_roles_auth_u AFTER UPDATE ON user_roles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER user_roles_auth_d AFTER DELETE ON user_roles
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER sessions_auth_i AFTER INSERT ON sessions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER sessions_auth_u AFTER UPDATE ON sessions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER sessions_auth_d AFTER DELETE ON sessions
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER api_tokens_auth_i AFTER INSERT ON api_tokens
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER api_tokens_auth_u AFTER UPDATE ON api_tokens
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER api_tokens_auth_d AFTER DELETE ON api_tokens
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE CONSTRAINT TRIGGER orgs_auth_path AFTER UPDATE OF path ON orgs
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
