import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AuthError } from '../errors.js';

export interface ClientCertificate {
  /** SHA-256 of the certificate's DER bytes, hex: MSAL signs PS256 with x5t#S256 from it. */
  thumbprintSha256: string;
  /** Unencrypted PKCS#8 PEM, in memory only. */
  privateKey: string;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * AZURE_CLIENT_CERTIFICATE_PATH: one PEM file with the private key and the certificate (what
 * `az ad sp create-for-rbac --create-cert` and Azure Identity use). The thumbprint is hashed from
 * the DER bytes, not the PEM text. AZURE_CLIENT_CERTIFICATE_PASSWORD opens an encrypted key.
 */
export async function loadClientCertificate(path: string, password: string | undefined): Promise<ClientCertificate> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new AuthError(`the client certificate AZURE_CLIENT_CERTIFICATE_PATH=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const certificate = CERTIFICATE.exec(pem)?.[0];
  const key = PRIVATE_KEY.exec(pem)?.[0];
  if (!certificate || !key) {
    throw new AuthError(`${path} must hold both the private key and the certificate in PEM`, {
      hint: 'concatenate them: cat key.pem cert.pem > client.pem (PFX files: openssl pkcs12 -in c.pfx -out client.pem -nodes)',
    });
  }
  let thumbprintSha256: string;
  let privateKey: string;
  try {
    thumbprintSha256 = createHash('sha256').update(new X509Certificate(certificate).raw).digest('hex');
  } catch (error) {
    throw new AuthError(`the certificate in ${path} cannot be parsed`, { cause: error });
  }
  try {
    privateKey = createPrivateKey({ key, passphrase: password }).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (error) {
    const encrypted = key.includes('ENCRYPTED');
    throw new AuthError(`the private key in ${path} cannot be read${encrypted ? ': wrong or missing AZURE_CLIENT_CERTIFICATE_PASSWORD' : ''}`, { cause: error });
  }
  return { thumbprintSha256, privateKey };
}
