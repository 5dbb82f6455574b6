// The day stays live through the API's event stream (server-sent events). EventSource cannot send the bearer token,
// so the stream is read with fetch and a ReadableStream and its frames are parsed here. While the stream is down the
// day is polled and the stream tried again; a reconnect sends Last-Event-ID, so nothing committed meanwhile is lost.
import { session } from './api.js';

/** @type {import('../types/desk').PathOf<'get'>} */
const streamPath = '/api/v1/events/stream';
const pollSeconds = 4;
// Working hours, time off and maintenance publish no event: the day is read again now and then all the same.
const safetySeconds = 60;

/** @typedef {{id: string | null, event: string, data: string}} SseEvent */

/**
 * Splits a text/event-stream into events (the WHATWG rules: fields id, event, data, retry; ':' starts a comment).
 * Feed it chunks as they arrive; it keeps an incomplete frame until the rest comes.
 */
export class SseParser {
    constructor() {
        this.buffer = '';
        /** @type {number | undefined} the server's advice on how long to wait before reconnecting */
        this.retry = undefined;
    }

    /** @param {string} chunk @returns {SseEvent[]} */
    push(chunk) {
        this.buffer += chunk;
        /** @type {SseEvent[]} */
        const events = [];
        for (;;) {
            const end = this.buffer.search(/\r\n\r\n|\n\n|\r\r/);
            if (end < 0) return events;
            const frame = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n\r\n', end) ? 4 : 2));
            /** @type {SseEvent} */
            const event = { id: null, event: 'message', data: '' };
            const data = [];
            for (const line of frame.split(/\r\n|\n|\r/)) {
                if (line === '' || line.startsWith(':')) continue;
                const colon = line.indexOf(':');
                const field = colon < 0 ? line : line.slice(0, colon);
                const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
                if (field === 'data') data.push(value);
                else if (field === 'event') event.event = value;
                else if (field === 'id') event.id = value;
                else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
            }
            if (data.length) events.push({ ...event, data: data.join('\n') });
        }
    }
}

/**
 * Watches the salon's changes and calls `changed` after each burst of them (and while polling, every few seconds).
 * `mode` reports 'stream' or 'polling' so the desk can say how fresh its picture is.
 * @param {{changed: () => void, mode: (mode: 'stream' | 'polling') => void}} on
 * @returns {() => void} stops watching
 */
export function watchChanges(on) {
    let stopped = false;
    /** @type {string | null} */
    let lastId = null;
    /** @type {AbortController | undefined} */
    let connection;
    /** @type {number | undefined} */
    let poller;
    /** @type {number | undefined} */
    let burst;
    let failures = 0;
    let retryMs = 3000;

    const changed = () => {
        // several events of one command (a payment and its receipt) become one reload of the day
        if (burst === undefined)
            burst = window.setTimeout(() => {
                burst = undefined;
                if (!stopped) on.changed();
            }, 150);
    };
    const safety = window.setInterval(() => {
        if (!document.hidden && poller === undefined) on.changed();
    }, safetySeconds * 1000);

    const startPolling = () => {
        if (poller !== undefined) return;
        on.mode('polling');
        poller = window.setInterval(() => {
            if (!document.hidden) on.changed();
        }, pollSeconds * 1000);
    };
    const stopPolling = () => {
        if (poller !== undefined) window.clearInterval(poller);
        poller = undefined;
    };

    const connect = async () => {
        if (stopped) return;
        connection = new AbortController();
        /** @type {Record<string, string>} */
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        try {
            const response = await fetch(streamPath, { headers, signal: connection.signal, cache: 'no-store' });
            const type = response.headers.get('content-type') ?? '';
            if (!response.ok || !response.body || !type.startsWith('text/event-stream'))
                throw new Error(`stream answered ${response.status}`);
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            const parser = new SseParser();
            let opened = false;
            for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                if (!opened) {
                    // the first bytes (the retry line) prove the stream is up: polling stops, and what changed
                    // while it was down is read once
                    opened = true;
                    failures = 0;
                    stopPolling();
                    on.mode('stream');
                    if (lastId === null) on.changed();
                }
                for (const event of parser.push(value)) {
                    if (event.id !== null) lastId = event.id;
                    changed();
                }
                if (parser.retry !== undefined) retryMs = parser.retry;
            }
        } catch {
            // a network error, a refused stream or the abort of stop(): polling covers the gap below
        }
        if (stopped) return;
        failures++;
        startPolling();
        // back off to at most half a minute between attempts while the stream keeps failing
        window.setTimeout(connect, Math.min(retryMs * failures, 30_000));
    };

    connect();
    return () => {
        stopped = true;
        connection?.abort();
        stopPolling();
        window.clearInterval(safety);
        if (burst !== undefined) window.clearTimeout(burst);
    };
}
