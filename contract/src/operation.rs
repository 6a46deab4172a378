//! One operation of any client as a row of a table: it names no client, so a
//! client's table can be compiled against another build of that client (the
//! vendored check of `cargo xtask vendored`).

use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A pending call of any operation, its success value dropped, so that every
/// operation of an API fits in one table.
pub type Call<'a, E> = Pin<Box<dyn Future<Output = Result<(), E>> + Send + 'a>>;

/// One operation: its name, the error statuses the vendor documents for it,
/// and the pending call.
pub struct Operation<'a, E> {
    pub name: &'static str,
    pub error_statuses: &'static [u16],
    pub call: Call<'a, E>,
}

pub fn operation<'a, T, E>(
    name: &'static str,
    error_statuses: &'static [u16],
    request: impl IntoFuture<Output = Result<T, E>, IntoFuture: Send + 'a>,
) -> Operation<'a, E> {
    let future = request.into_future();
    Operation { name, error_statuses, call: Box::pin(async move { future.await.map(drop) }) }
}

