// 2-of-2 DKLs23 signing compute of the two WASM DKLs23 libraries that Sigil's
// protocol-compute goal is set against (README "Benchmarks", docs/performance.md "Protocol compute").
// A benchmark, not a test: never run by ./mvnw verify. compare.sh interleaves it with Sigil's
// SigningCpuBenchmark.
//
// For each library: one 2-of-2 key from the library's own key generation (untimed), then
// warm-up and measured signatures of random 32-byte hashes, both parties in this one process,
// messages handed over in memory the way the library's README (Silence Labs) or its own
// signing test (0xCarbon, whose README has no API) passes them. Per signature: process CPU time
// (process.cpuUsage, user + system, so V8's helper threads count too) and wall time. Every
// signature is checked with node's crypto (OpenSSL) against the key's public key, untimed.
//
// usage: node bench.mjs [signatures (300)] [warm-up (300)] [--library silence|carbon] [--json]

import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// 0xCarbon's module logs its start-up through console.info; keep stdout for our own lines.
console.info = console.log = console.debug = (...args) => console.error(...args);

const SECP256K1_COMPRESSED_SPKI_PREFIX = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex');

function publicKeyObject(compressedPoint) {
    return createPublicKey({
        key: Buffer.concat([SECP256K1_COMPRESSED_SPKI_PREFIX, Buffer.from(compressedPoint)]),
        format: 'der',
        type: 'spki',
    });
}

function packageVersion(name) {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * Silence Labs' dkls-wasm-ll-node: the README's dkg() and dsg() for n = t = 2. A SignSession
 * consumes the Keyshare it is built from, so each signature reads the two shares back from their
 * bytes first, untimed (Sigil's benchmark likewise keeps its key decoded in memory).
 */
function silenceLabs() {
    const name = '@silencelaboratories/dkls-wasm-ll-node';
    const { KeygenSession, Keyshare, SignSession } = require(name);
    const others = (messages, party) => messages.filter((m) => m.from_id !== party).map((m) => m.clone());
    const addressedTo = (messages, party) => messages.filter((m) => m.to_id === party).map((m) => m.clone());

    const keygen = [0, 1].map((party) => new KeygenSession(2, 2, party));
    const msg1 = keygen.map((p) => p.createFirstMessage());
    const msg2 = keygen.flatMap((p, party) => p.handleMessages(others(msg1, party)));
    const commitments = keygen.map((p) => p.calculateChainCodeCommitment());
    const msg3 = keygen.flatMap((p, party) => p.handleMessages(addressedTo(msg2, party)));
    const msg4 = keygen.flatMap((p, party) => p.handleMessages(addressedTo(msg3, party), commitments));
    keygen.flatMap((p, party) => p.handleMessages(others(msg4, party)));
    const shares = keygen.map((p) => p.keyshare());
    const publicKey = Buffer.from(shares[0].publicKey);
    if (!publicKey.equals(Buffer.from(shares[1].publicKey))) {
        throw new Error('Silence Labs key generation: the two shares disagree on the public key');
    }
    const shareBytes = shares.map((share) => share.toBytes());
    shares.forEach((share) => share.free());

    return {
        label: `Silence Labs dkls-wasm-ll-node ${packageVersion(name)}`,
        id: 'silence',
        publicKey,
        prepare: () => shareBytes.map((bytes) => Keyshare.fromBytes(bytes)),
        sign(keyshares, hash) {
            const parties = keyshares.map((share) => new SignSession(share, 'm'));
            const m1 = parties.map((p) => p.createFirstMessage());
            const m2 = parties.flatMap((p, party) => p.handleMessages(others(m1, party)));
            const m3 = parties.flatMap((p, party) => p.handleMessages(addressedTo(m2, party)));
            parties.flatMap((p, party) => p.handleMessages(addressedTo(m3, party)));
            const m4 = parties.map((p) => p.lastMessage(hash));
            const signatures = parties.map((p, party) => p.combine(others(m4, party)));
            return signatures.map(([r, s]) => Buffer.concat([Buffer.from(r), Buffer.from(s)]));
        },
    };
}

/**
 * 0xCarbon's dkls23-wasm (wasm-bindgen "web" build of github.com/0xCarbon/DKLs23 at 2adefd4):
 * the crate's own signing test (Party::sign_phase1..4), both parties through the WASM exports.
 * The key comes from re_key_wasm_binding (the crate's trusted-dealer split, as Sigil's benchmark
 * deals its key). That binding returns party 1 as an object and party 2 as a JSON string; party
 * 2 is turned into party 1's shape (maps keyed by number), untimed. Every export takes the whole
 * Party as a JS value and deserialises it (serde-wasm-bindgen): that is this API's cost, timed.
 */
function carbon() {
    const name = '@0xcarbon/dkls23-wasm';
    // The package is an ES module without "type": "module"; node ≥ 20.19 detects the syntax.
    return import(require.resolve(`${name}/dkls23_wasm.js`)).then((wasm) => {
        wasm.initSync(readFileSync(require.resolve(`${name}/dkls23_wasm_bg.wasm`)));
        const byNumber = (object) => new Map(Object.entries(object).map(([k, v]) => [Number(k), v]));
        const parties = wasm
            .re_key_wasm_binding({ threshold: 2, share_count: 2 }, [...randomBytes(32)], randomBytes(32).toString('hex'))
            .map((party) => {
                if (typeof party !== 'string') {
                    return party;
                }
                const decoded = JSON.parse(party);
                decoded.mul_senders = byNumber(decoded.mul_senders);
                decoded.mul_receivers = byNumber(decoded.mul_receivers);
                return decoded;
            });
        if (parties.length !== 2 || parties[0].pk !== parties[1].pk) {
            throw new Error('0xCarbon re_key: expected two parties with one public key');
        }
        const ok = (result, phase) => {
            if (result?.Err) {
                throw new Error(`0xCarbon ${phase} aborted: ${JSON.stringify(result.Err)}`);
            }
            return result.Ok;
        };
        return {
            label: `0xCarbon dkls23-wasm ${packageVersion(name)}`,
            id: 'carbon',
            publicKey: Buffer.from(parties[0].pk, 'hex'),
            prepare: () => [...randomBytes(32)],
            sign(signId, hash) {
                const messageHash = [...hash];
                const data = parties.map((p) => ({
                    sign_id: signId,
                    counterparties: [3 - p.party_index],
                    message_hash: messageHash,
                }));
                // Each party's outgoing list holds one message, addressed to the other party.
                const r1 = parties.map((p, i) => wasm.sign_phase1(p, data[i]));
                const r2 = parties.map((p, i) =>
                    ok(wasm.sign_phase2(p, data[i], r1[i][0], r1[i][1], r1[1 - i][2]), 'phase 2'));
                const r3 = parties.map((p, i) =>
                    ok(wasm.sign_phase3(p, data[i], r2[i][0], r2[i][1], r2[1 - i][2]), 'phase 3'));
                const broadcast = r3.map(([, message]) => message);
                // Every party finishes, as in Sigil's benchmark (the crate's test finishes once).
                return parties.map((p, i) => {
                    const [s] = ok(wasm.sign_phase4(p, data[i], r3[i][0], broadcast, true), 'phase 4');
                    return Buffer.from(r3[i][0] + s, 'hex');
                });
            },
        };
    });
}

function summary(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return {
        mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
        median: sorted[Math.floor(sorted.length / 2)],
        p90: sorted[Math.floor(sorted.length * 9 / 10)],
    };
}

async function measure(library, signatures, warmup) {
    const key = publicKeyObject(library.publicKey);
    const cpu = [];
    const wall = [];
    for (let k = 0; k < warmup + signatures; k++) {
        const message = randomBytes(32);
        const hash = createHash('sha256').update(message).digest();
        const input = library.prepare();
        const cpuBefore = process.cpuUsage();
        const wallBefore = process.hrtime.bigint();
        const produced = library.sign(input, hash);
        const wallNanos = Number(process.hrtime.bigint() - wallBefore);
        const cpuUsed = process.cpuUsage(cpuBefore);
        for (const signature of produced) {
            if (!verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
                throw new Error(`${library.label}: signature ${k} does not verify`);
            }
        }
        if (k >= warmup) {
            cpu.push((cpuUsed.user + cpuUsed.system) / 1e3);
            wall.push(wallNanos / 1e6);
        }
    }
    return {
        library: library.id,
        label: library.label,
        signatures,
        warmup,
        cpuMillis: summary(cpu),
        wallMillis: summary(wall),
        node: process.version,
    };
}

function line(result) {
    const { cpuMillis: cpu, wallMillis: wall } = result;
    return `${result.label}: 2-of-2 signing, one process, all parties: CPU mean ${cpu.mean.toFixed(2)} ms,`
        + ` median ${cpu.median.toFixed(2)} ms; wall mean ${wall.mean.toFixed(2)} ms, median ${wall.median.toFixed(2)} ms`
        + ` (${result.signatures} signatures after ${result.warmup} warm-up, all verified)`;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const libraryIndex = args.indexOf('--library');
const only = libraryIndex >= 0 ? args[libraryIndex + 1] : undefined;
const numbers = args.filter((arg, i) => /^\d+$/.test(arg) && (libraryIndex < 0 || i !== libraryIndex + 1)).map(Number);
const signatures = numbers[0] ?? 300;
const warmup = numbers[1] ?? 300;
const factories = { silence: silenceLabs, carbon };
if (only !== undefined && !(only in factories)) {
    console.error(`unknown --library ${only}: expected one of ${Object.keys(factories).join(', ')}`);
    process.exit(2);
}
if (signatures < 1) {
    console.error('signatures must be at least 1');
    process.exit(2);
}
const results = [];
for (const id of only ? [only] : Object.keys(factories)) {
    const result = await measure(await factories[id](), signatures, warmup);
    results.push(result);
    if (!json) {
        process.stdout.write(line(result) + '\n');
    }
}
if (json) {
    process.stdout.write(JSON.stringify(results) + '\n');
}
