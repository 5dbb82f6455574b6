// The desk's only door to the server: the public /api/v1 contract, typed by the generated schema.
import { describeProblem, problemCode, problemMessages } from './messages.js';

/** @typedef {import('../types/api').paths} Paths */
/** @typedef {import('../types/api').components['schemas']} Schemas */

/** A refusal or failure from the API (RFC 9457), or a network error (status 0). */
export class ApiError extends Error {
    /**
     * @param {number} status
     * @param {{type?: string, title?: string, detail?: string, codes?: string[],
     *          errors?: Record<string, string[]>}} problem
     */
    constructor(status, problem) {
        super(status === 0 ? problemMessages.network : describeProblem({ ...problem, status }));
        this.status = status;
        this.code = status === 0 ? 'network' : problemCode(problem.type) || `http-${status}`;
        this.problem = problem;
    }
}

const tokenKey = 'salon-desk-token';

export const session = {
    get token() {
        return sessionStorage.getItem(tokenKey);
    },
    /** @param {string | null} value */
    set token(value) {
        value ? sessionStorage.setItem(tokenKey, value) : sessionStorage.removeItem(tokenKey);
    },
    /** @type {string} */
    role: sessionStorage.getItem(tokenKey + '-role') ?? '',
    /** @type {() => void} */
    onExpired: () => {},
};

/** @typedef {'get' | 'post' | 'put' | 'delete'} Method */

/**
 * One HTTP call, typed by the contract: the path template picks the operation, its parameters, body and answer.
 * A problem response becomes an ApiError.
 * @template {Method} M
 * @template {import('../types/desk').PathOf<M>} P
 * @param {M} method
 * @param {P} path
 * @param {import('../types/desk').Request<P, M>} [request]
 * @returns {Promise<{body: import('../types/desk').Answer<P, M>, etag: string | null}>}
 */
export async function call(method, path, request = {}) {
    /** @type {Record<string, unknown>} */
    const pathParams = request.path ?? {};
    const filled = String(path).replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(pathParams[name])));
    const url = new URL(filled, location.origin);
    /** @type {Record<string, unknown>} */
    const query = request.query ?? {};
    for (const [k, v] of Object.entries(query))
        if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (session.token) headers.Authorization = `Bearer ${session.token}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
    if (request.ifMatch) headers['If-Match'] = request.ifMatch;
    let response;
    try {
        response = await fetch(url, {
            method: method.toUpperCase(),
            headers,
            body: request.body === undefined ? undefined : JSON.stringify(request.body),
        });
    } catch {
        throw new ApiError(0, {});
    }
    const text = await response.text();
    const body = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
    if (!response.ok) {
        if (response.status === 401 && session.token) session.onExpired();
        throw new ApiError(response.status, body ?? {});
    }
    return { body, etag: response.headers.get('ETag') };
}

/**
 * @template {import('../types/desk').PathOf<'get'>} P
 * @param {P} path
 * @param {import('../types/desk').Request<P, 'get'>} [request]
 */
export async function get(path, request) {
    return (await call('get', path, request)).body;
}

/**
 * Every item of a paged list (every list is one), page after page of 100.
 * @template {import('../types/desk').PagedPath} P
 * @param {P} path
 * @param {import('../types/desk').Request<P, 'get'>} [request]
 * @returns {Promise<import('../types/desk').Item<P>[]>}
 */
export async function all(path, request = {}) {
    /** @type {import('../types/desk').Item<P>[]} */
    const items = [];
    for (let page = 1; ; page++) {
        const query = /** @type {any} */ ({ ...(request.query ?? {}), page, pageSize: 100 });
        /** @type {{items: import('../types/desk').Item<P>[], total: number}} */
        const answer = /** @type {any} */ (await get(path, { ...request, query }));
        items.push(...answer.items);
        if (answer.items.length === 0 || items.length >= answer.total) return items;
    }
}

/**
 * A command that must never run twice (a booking, a payment, a sale). The key is made once per attempt and kept
 * across retries after a network error, so the server answers a retry with the first response instead of repeating it.
 */
export class Attempt {
    constructor() {
        this.key = crypto.randomUUID();
        /** @type {string | undefined} what the key was last sent with */
        this.fingerprint = undefined;
    }
    /** Starts a new attempt: after a success, or when the form changed. */
    renew() {
        this.key = crypto.randomUUID();
    }
    /**
     * @template {import('../types/desk').PathOf<'post'>} P
     * @param {P} path
     * @param {import('../types/desk').Request<P, 'post'>} request
     */
    async post(path, request) {
        const fingerprint = JSON.stringify([path, request]);
        // Other content under the same key would be refused (idempotency-key-reused): a changed form is a new attempt.
        if (this.fingerprint !== undefined && this.fingerprint !== fingerprint) this.renew();
        this.fingerprint = fingerprint;
        try {
            const result = await call('post', path, { ...request, idempotencyKey: this.key });
            this.renew();
            this.fingerprint = undefined;
            return result.body;
        } catch (e) {
            // A refusal is final for this content; only a lost answer (network) is retried under the same key.
            if (!(e instanceof ApiError) || e.status !== 0) {
                this.renew();
                this.fingerprint = undefined;
            }
            throw e;
        }
    }
}

/** @param {string} login @param {string} password */
export async function logIn(login, password) {
    const token = (await call('post', '/api/v1/auth/token', { body: { login, password } })).body;
    session.token = token.accessToken ?? null;
    session.role = token.role ?? '';
    sessionStorage.setItem(tokenKey + '-role', session.role);
    return token;
}

export function logOut() {
    session.token = null;
    session.role = '';
    sessionStorage.removeItem(tokenKey + '-role');
}
