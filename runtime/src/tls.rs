//! TLS for the HTTP client a `ClientBuilder` creates, by the crate features
//! that choose its backend: `rustls` (with the ring crypto provider),
//! `rustls-aws-lc-rs` or `native-tls`. With none of them, only `http://` URLs
//! can be reached.
//!
//! These are features of every generated crate as well, under the same names,
//! so the gates below hold in a vendored copy too.

/// The TLS settings a `ClientBuilder` collects.
#[derive(Clone, Default)]
pub(crate) struct TlsSettings {
    /// Certificate authorities trusted besides the platform's.
    #[cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]
    roots: Vec<reqwest::Certificate>,
}

impl TlsSettings {
    #[cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]
    pub(crate) fn add_root(&mut self, certificate: reqwest::Certificate) {
        self.roots.push(certificate);
    }

    /// How many extra certificate authorities are trusted, for `Debug`.
    pub(crate) fn root_count(&self) -> usize {
        #[cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]
        return self.roots.len();
        #[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls")))]
        0
    }

    /// `builder`, set up for the chosen backend.
    pub(crate) fn apply(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        #[cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]
        return builder.tls_certs_merge(self.roots.iter().cloned());
        #[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls")))]
        builder
    }
}

/// With the `rustls` feature, makes ring the process's default rustls crypto
/// provider, unless one is set already; otherwise does nothing.
///
/// reqwest's rustls backend without a provider of its own (which is how the
/// `rustls` feature builds it, to leave out aws-lc-rs) uses the process's
/// default, and panics when there is none. Creating a `ClientBuilder` calls
/// this; call it yourself before building a `reqwest::Client` of your own
/// first, since your reqwest is this one. (With `rustls-aws-lc-rs` on as
/// well, reqwest would fall back to aws-lc-rs; ring is installed all the same,
/// as the lighter feature asks.)
pub fn install_tls_provider() {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and here; either
        // provider serves, so losing that race is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
