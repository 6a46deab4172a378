//! The billing code of an application that sells subscriptions through
//! Paystack: a downstream crate of a generated client. It owns a
//! `paystack_client::Client`, turns the client's errors into its own, and
//! tests itself with the client's test kit (`paystack_client::mock`, the
//! `mock` feature) rather than a server of its own: see `tests/`.

use paystack_client::types::SubscriptionToggle;
use paystack_client::{Client, Error, ErrorMessage, StatusCode};

/// Why a billing action failed, in the application's terms.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum BillingError {
    #[error("no subscription `{0}`")]
    NotFound(String),
    /// Paystack answered with a refusal; its message, if it gave one.
    #[error("Paystack refused: {}", .0.as_deref().unwrap_or("no reason given"))]
    Refused(Option<String>),
    #[error("Paystack could not be reached: {0}")]
    Unavailable(String),
}

/// What [`Billing::cancel`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Cancellation {
    Cancelled,
    /// The subscription was not active; nothing was sent.
    AlreadyInactive { status: String },
}

/// The billing actions, over a Paystack client.
#[derive(Debug, Clone)]
pub struct Billing {
    paystack: Client,
}

impl Billing {
    pub fn new(paystack: Client) -> Self {
        Billing { paystack }
    }

    /// Cancels the subscription `code`. Paystack disables a subscription by
    /// its code and the email token it was created with, so it is fetched
    /// first; one that is not active is left alone.
    pub async fn cancel(&self, code: &str) -> Result<Cancellation, BillingError> {
        let subscription = self.paystack.subscription_fetch(code).await.map_err(|error| billing_error(error, code))?.data;
        if subscription.status != "active" {
            return Ok(Cancellation::AlreadyInactive { status: subscription.status });
        }
        let toggle = SubscriptionToggle::new(code, subscription.email_token);
        self.paystack.subscription_disable(toggle).await.map_err(|error| billing_error(error, code))?;
        Ok(Cancellation::Cancelled)
    }
}

/// The application's reading of a client error, for the subscription `code`.
fn billing_error<E: ErrorMessage>(error: Error<E>, code: &str) -> BillingError {
    match error.status() {
        Some(StatusCode::NOT_FOUND) => BillingError::NotFound(code.to_string()),
        Some(status) if status.is_client_error() => BillingError::Refused(error.message().map(str::to_owned)),
        _ => BillingError::Unavailable(error.to_string()),
    }
}
