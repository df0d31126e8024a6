/**
 * TEST CERTIFICATE, NOT A SECRET. The Adyen sandbox's fallback TLS identity, used only
 * when the `openssl` command is missing (see ../tls.ts). Self-signed, EC P-256, subject
 * "Tender Adyen sandbox (test only)", SAN IP:127.0.0.1, IP:::1 and DNS:localhost, valid
 * to 2126. Its private key is public by design: it protects nothing but a loopback
 * simulator, and a client trusts it only when handed this certificate explicitly as its
 * sole CA for a sandbox base URL (never as a system-wide root, never for real Adyen).
 */
export const FALLBACK_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLIkKCfPHqD8/fq2G
hZxLb5bW2QmM9zzJ9jIUVL2thCGhRANCAARNtCDYLaEMyA8kKDtuFiBLysnYCjA6
ZLQGihn0cpCkCcuU29XeKmWjbvzDFwrBAPpd3cTs+2IObBr2VYj5GCn6
-----END PRIVATE KEY-----
`;

export const FALLBACK_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIB3TCCAYKgAwIBAgIUX0A/k1vZoP1s45gBOvqsmzp2QbowCgYIKoZIzj0EAwIw
KzEpMCcGA1UEAwwgVGVuZGVyIEFkeWVuIHNhbmRib3ggKHRlc3Qgb25seSkwIBcN
MjYxMTI2MTA0ODA4WhgPMjEyNjExMDIxMDQ4MDhaMCsxKTAnBgNVBAMMIFRlbmRl
ciBBZHllbiBzYW5kYm94ICh0ZXN0IG9ubHkpMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAETbQg2C2hDMgPJCg7bhYgS8rJ2AowOmS0BooZ9HKQpAnLlNvV3iplo278
wxcKwQD6Xd3E7PtiDmwa9lWI+Rgp+qOBgTB/MB0GA1UdDgQWBBRSMX23pWgiGAlF
i4li1c51buFuOjAfBgNVHSMEGDAWgBRSMX23pWgiGAlFi4li1c51buFuOjAPBgNV
HRMBAf8EBTADAQH/MCwGA1UdEQQlMCOHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAGC
CWxvY2FsaG9zdDAKBggqhkjOPQQDAgNJADBGAiEAiG2KakWzmDAV5Z7FBQDj0df8
hzKr7v+I5IgXVAqLioQCIQDanIHYs40a+W13Ye0FjJ1IUxNPRHB+6J4IEgBhqtAE
IA==
-----END CERTIFICATE-----
`;
