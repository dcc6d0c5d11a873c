//! A stand-in for a crate built on quo-api (a CRM sync, a support tool):
//! the code under test talks to Quo only through the public client.

use futures::TryStreamExt;
use quo_api::types::{ListUsersV1Error, ListUsersV1ItemRole};
use quo_api::{Client, Error};

/// The emails of everyone who can administer the workspace.
pub async fn admin_emails(client: &Client) -> Result<Vec<String>, Error<ListUsersV1Error>> {
    client
        .list_users_v1()
        .stream()
        .try_filter_map(|user| async move {
            let admin = matches!(
                user.role,
                ListUsersV1ItemRole::Owner | ListUsersV1ItemRole::Admin
            );
            Ok(admin.then_some(user.email))
        })
        .try_collect()
        .await
}
