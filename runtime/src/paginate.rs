//! Auto-pagination: a list operation's pages as a stream, one request per page.
//!
//! The generator decides how an operation pages ([`Paging`]) and how to read a
//! page ([`PageInfo`]); this module only follows those facts. Each page is an
//! ordinary send of the operation, so it goes through the client's retries and
//! the caller's options, and keeps every filter the caller set.

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

/// How an operation asks for the page after the one it got.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub next: NextPage,
    /// When set, a page with fewer items than the page size is the last one:
    /// the query parameter that sets the size, and the size the server uses
    /// when it is not sent. Only for APIs that give no other sign of the end,
    /// as a server that caps the page size would end the stream early.
    pub short_page: Option<(&'static str, Option<i64>)>,
}

/// What changes from one page request to the next.
#[derive(Debug, Clone, Copy)]
pub enum NextPage {
    /// The page number in a query parameter, counted from `first`.
    Page { param: &'static str, first: i64 },
    /// The index of the page's first item in a query parameter, from 0.
    Offset { param: &'static str },
    /// The cursor the previous page gave, in a query parameter.
    Cursor { param: &'static str },
    /// The link to the next page the previous page gave.
    Link,
}

/// What a page says about the pages after it; `None` where the API does not
/// say.
#[derive(Debug, Default)]
pub struct PageInfo {
    /// How many items it holds.
    pub items: usize,
    /// The cursor or link to the next page; none (or empty) at the end.
    pub next: Option<String>,
    /// Whether more pages follow.
    pub has_more: Option<bool>,
    /// Whether this is the last page.
    pub last: Option<bool>,
    /// How many pages there are in all.
    pub total_pages: Option<i64>,
}

/// Where a page stream stands between pages.
enum Step<E> {
    /// Send this request next; `seen` holds the cursors or links already used.
    Send { request: Box<super::request::Request>, seen: Vec<String> },
    /// Yield this error, then end.
    Fail(super::Error<E>),
    Done,
}

/// The pages of a list operation from `first` on, each fetched when the
/// stream is polled for it. The stream ends after the last page, and after
/// the first error, which it yields.
pub fn pages<P, E>(
    first: super::request::Request,
    paging: Paging,
    fetch: fn(super::request::Request) -> super::BoxFuture<'static, Result<P, super::Error<E>>>,
    read: fn(&P) -> PageInfo,
) -> BoxStream<'static, Result<P, super::Error<E>>>
where
    P: Send + 'static,
    E: Send + 'static,
{
    // The cursor or link of the first request counts as used: a server that
    // answers with it again would loop.
    let used = match paging.next {
        NextPage::Cursor { param } => first.query_value(param).map(str::to_string),
        NextPage::Link => Some(String::from(first.url())),
        NextPage::Page { .. } | NextPage::Offset { .. } => None,
    };
    let start = Step::Send { request: Box::new(first), seen: used.into_iter().collect() };
    stream::unfold(start, move |step| async move {
        match step {
            Step::Done => None,
            Step::Fail(error) => Some((Err(error), Step::Done)),
            Step::Send { request, mut seen } => match fetch((*request).clone()).await {
                Err(error) => Some((Err(error), Step::Done)),
                Ok(page) => {
                    let next = next_request(*request, paging, &read(&page), &mut seen);
                    let step = match next {
                        Ok(Some(request)) => Step::Send { request: Box::new(request), seen },
                        Ok(None) => Step::Done,
                        Err(error) => Step::Fail(super::Error::Pagination(error)),
                    };
                    Some((Ok(page), step))
                }
            },
        }
    })
    .boxed()
}

/// The items of every page, in order.
pub fn items<P, T, E>(
    pages: BoxStream<'static, Result<P, super::Error<E>>>,
    items_of: fn(P) -> Vec<T>,
) -> BoxStream<'static, Result<T, super::Error<E>>>
where
    P: 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    pages.map_ok(move |page| stream::iter(items_of(page).into_iter().map(Ok))).try_flatten().boxed()
}

/// The request for the page after the one `sent` got, or `None` at the end.
fn next_request(
    sent: super::request::Request,
    paging: Paging,
    page: &PageInfo,
    seen: &mut Vec<String>,
) -> Result<Option<super::request::Request>, super::PaginationError> {
    if page.last == Some(true) || page.has_more == Some(false) {
        return Ok(None);
    }
    let number = |param: &str| sent.query_value(param).and_then(|value| value.parse::<i64>().ok());
    if let Some((param, default)) = paging.short_page {
        let size = number(param).or(default).unwrap_or(1);
        if i64::try_from(page.items).unwrap_or(i64::MAX) < size {
            return Ok(None);
        }
    }
    match paging.next {
        NextPage::Page { param, first } => {
            let next = number(param).unwrap_or(first).saturating_add(1);
            let past_the_end = page.total_pages.is_some_and(|total| next.saturating_sub(first) >= total);
            if page.items == 0 || past_the_end {
                return Ok(None);
            }
            Ok(Some(sent.set_query(param, next.to_string())))
        }
        NextPage::Offset { param } => {
            if page.items == 0 {
                return Ok(None);
            }
            let items = i64::try_from(page.items).unwrap_or(i64::MAX);
            let next = number(param).unwrap_or(0).saturating_add(items);
            Ok(Some(sent.set_query(param, next.to_string())))
        }
        NextPage::Cursor { param } => {
            let Some(cursor) = page.next.as_deref().filter(|cursor| !cursor.is_empty()) else {
                return Ok(None);
            };
            if seen.iter().any(|used| used == cursor) {
                return Err(super::PaginationError::RepeatedCursor(cursor.to_string()));
            }
            seen.push(cursor.to_string());
            Ok(Some(sent.set_query(param, cursor)))
        }
        NextPage::Link => {
            let Some(link) = page.next.as_deref().filter(|link| !link.is_empty()) else {
                return Ok(None);
            };
            let invalid = |reason: String| super::PaginationError::InvalidLink { link: link.to_string(), reason };
            let here = sent.url();
            // A relative link is relative to the page that gave it.
            let url = here.join(link).map_err(|error| invalid(error.to_string()))?;
            if url.origin() != here.origin() {
                return Err(super::PaginationError::ForeignLink(url.into()));
            }
            if seen.iter().any(|used| *used == url.as_str()) {
                return Err(super::PaginationError::RepeatedLink(url.into()));
            }
            seen.push(url.to_string());
            Ok(Some(sent.follow_link(url)))
        }
    }
}
