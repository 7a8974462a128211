// Mutual TLS for the SDKs' fetch: the caller's ANS certificate (cert.pem, key.pem), trust in the
// ANS CA (ca.pem), and, instead of a host name check, a check that the peer's certificate names
// the expected ANS agent in a SAN URI (the gateway's name), as ACF's own clients do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

/** Returns the TLS options of an identity directory written by AgentIdentity.save or `acf register`. */
export function tlsOptions(dir) {
  return {
    cert: readFileSync(join(dir, 'cert.pem')),
    key: readFileSync(join(dir, 'key.pem')),
    ca: readFileSync(join(dir, 'ca.pem')),
  };
}

/** Returns a fetch presenting the identity in `dir` and accepting only a peer named `peerName`. */
export function mtlsFetch(dir, peerName) {
  const dispatcher = new Agent({
    connect: {
      ...tlsOptions(dir),
      checkServerIdentity: (host, cert) => {
        const names = (cert.subjectaltname ?? '').split(',').map((s) => s.trim());
        return names.includes(`URI:${peerName}`)
          ? undefined
          : new Error(`the peer at ${host} is not ${peerName}: its names are ${cert.subjectaltname}`);
      },
    },
  });
  return (input, init = {}) => undiciFetch(input, { ...init, dispatcher });
}
