//! Lazy streams over `pageToken` / `nextPageToken` lists.

use std::collections::HashSet;
use std::future::Future;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use futures::Stream;

use crate::{Error, ResponseValue};

/// Streams the items of every page, holding one page in memory at a time.
///
/// `first` is the first request; `set_token` makes each next one from a clone
/// of it, `send` sends one, and `split` takes a page apart into its items and
/// its next token. Ends at a null, absent or empty token; when a token comes
/// back, serves that page's items and then fails with
/// [`Error::RepeatedPageToken`] instead of looping; ends after the first error.
pub fn paginate<B, P, I, E, Fut>(
    operation: &'static str,
    first: B,
    set_token: impl Fn(B, String) -> B,
    send: impl Fn(B) -> Fut,
    split: impl Fn(P) -> (Vec<I>, Option<String>),
) -> impl Stream<Item = Result<I, Error<E>>> + Unpin
where
    B: Clone,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>>,
{
    let state = Pages {
        operation,
        template: first,
        set_token,
        send,
        split,
        next: Next::First,
        items: Vec::new().into_iter(),
        seen: HashSet::new(),
        pages: 0,
    };
    Box::pin(futures::stream::unfold(state, |mut pages| async move {
        let item = pages.next_item().await?;
        Some((item, pages))
    }))
}

enum Next {
    First,
    Token(String),
    /// The last page repeated a token: its items are served, then this error.
    RepeatedToken,
    Done,
}

struct Pages<B, I, T, S, X> {
    operation: &'static str,
    template: B,
    set_token: T,
    send: S,
    split: X,
    next: Next,
    items: std::vec::IntoIter<I>,
    /// Hashes of the tokens given so far: a repeat is caught exactly, at
    /// 8 bytes a page instead of the token itself.
    seen: HashSet<u64>,
    pages: usize,
}

impl<B, I, T, S, X> Pages<B, I, T, S, X> {
    async fn next_item<P, E, Fut>(&mut self) -> Option<Result<I, Error<E>>>
    where
        B: Clone,
        T: Fn(B, String) -> B,
        S: Fn(B) -> Fut,
        X: Fn(P) -> (Vec<I>, Option<String>),
        Fut: Future<Output = Result<ResponseValue<P>, Error<E>>>,
    {
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            let request = match std::mem::replace(&mut self.next, Next::Done) {
                Next::Done => return None,
                Next::RepeatedToken => {
                    return Some(Err(Error::RepeatedPageToken {
                        operation: self.operation,
                        pages: self.pages,
                    }));
                }
                Next::First => self.template.clone(),
                Next::Token(token) => (self.set_token)(self.template.clone(), token),
            };
            // Let go of the spent page before the next one arrives.
            self.items = Vec::new().into_iter();
            let page = match (self.send)(request).await {
                Ok(page) => page.into_inner(),
                Err(e) => return Some(Err(e)),
            };
            self.pages += 1;
            let (items, token) = (self.split)(page);
            self.next = match token.filter(|t| !t.is_empty()) {
                Some(token) if !self.seen.insert(token_hash(&token)) => Next::RepeatedToken,
                Some(token) => Next::Token(token),
                None => Next::Done,
            };
            self.items = items.into_iter();
        }
    }
}

/// A fixed-key hash, so the same token always gives the same value.
fn token_hash(token: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(token)
}
