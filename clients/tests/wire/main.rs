//! End to end: every operation of every generated client against a real HTTP
//! server on 127.0.0.1.
//!
//! Each test answers with a realistic body (the vendors' documented examples,
//! or the seed's samples in `tests/fixtures`) and then checks both what the
//! client put on the wire (method, encoded path, query, headers, body) and what
//! it made of the answer.

mod support;

mod conekta;
mod credentials;
mod deadline;
mod errors;
mod hostile;
mod middleware;
mod mock_kit;
mod owned;
mod pagination;
mod paystack;
mod pepgate;
mod resilience;
mod shapes;
mod streams;
mod subscription_service;
mod unions;
