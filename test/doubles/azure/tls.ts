/**
 * A throw-away test CA and one server certificate for the Azure doubles (Key Vault and Entra token endpoint).
 *
 * Keys come from Node's crypto (fast); node-forge only builds and signs the X.509 certificates. Nothing is written
 * to disk unless a caller (the standalone runner) asks for it. The server certificate covers the loopback names the
 * doubles are reached by: `localhost`, `*.localhost`, `*.vault.localhost`, 127.0.0.1 and ::1, plus any extra DNS
 * names a test maps to loopback itself (see `loopbackAgent.ts`).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestPki {
  /** PEM of the CA certificate: what clients trust. */
  caPem: string;
  /** PEM of the server certificate (leaf only). */
  certPem: string;
  /** PEM (PKCS#8) of the server key. */
  keyPem: string;
}

export interface PkiOptions {
  /** Extra DNS names (wildcards allowed) for the server certificate. */
  dnsNames?: string[];
}

const DEFAULT_DNS = ['localhost', '*.localhost', '*.vault.localhost'];

function rsaPair(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

function serial(): string {
  // Positive, 16 bytes.
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 2 * 24 * 60 * 60 * 1000);
}

/** Creates a CA and a server certificate signed by it. Takes ~100 ms. */
export function createTestPki(options: PkiOptions = {}): TestPki {
  const caKeys = rsaPair();
  const caPriv = forge.pki.privateKeyFromPem(caKeys.privatePem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicPem);
  ca.serialNumber = serial();
  validity(ca);
  const caName = [{ name: 'commonName', value: 'MLRun Secrets Azure doubles test CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caPriv, forge.md.sha256.create());

  const leafKeys = rsaPair();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = forge.pki.publicKeyFromPem(leafKeys.publicPem);
  leaf.serialNumber = serial();
  validity(leaf);
  leaf.setSubject([{ name: 'commonName', value: 'localhost' }]);
  leaf.setIssuer(caName);
  const dns = [...new Set([...DEFAULT_DNS, ...(options.dnsNames ?? [])])];
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    {
      name: 'subjectAltName',
      altNames: [
        ...dns.map(value => ({ type: 2, value })),
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  leaf.sign(caPriv, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: leafKeys.privatePem,
  };
}
