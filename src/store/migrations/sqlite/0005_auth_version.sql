-- 0005 auth_version: one counter that every change to who a caller is moves — users,
-- their roles, sessions, integration tokens, and org paths (a grant carries its org's
-- path). Triggers keep it, so every writer moves it: the API, the command line, another
-- process. The server keeps each thread's recent callers and reads them again when the
-- counter has moved (api/auth.c), instead of three queries on every request.
CREATE TABLE auth_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO auth_version VALUES (1, 0);

CREATE TRIGGER users_auth_i AFTER INSERT ON users BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER users_auth_u AFTER UPDATE ON users BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER users_auth_d AFTER DELETE ON users BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER user_roles_auth_i AFTER INSERT ON user_roles BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER user_roles_auth_u AFTER UPDATE ON user_roles BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER user_roles_auth_d AFTER DELETE ON user_roles BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER sessions_auth_i AFTER INSERT ON sessions BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER sessions_auth_u AFTER UPDATE ON sessions BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER sessions_auth_d AFTER DELETE ON sessions BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_auth_i AFTER INSERT ON api_tokens BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_auth_u AFTER UPDATE ON api_tokens BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER api_tokens_auth_d AFTER DELETE ON api_tokens BEGIN UPDATE auth_version SET n = n + 1; END;
CREATE TRIGGER orgs_auth_path AFTER UPDATE OF path ON orgs BEGIN UPDATE auth_version SET n = n + 1; END;
