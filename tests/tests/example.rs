//! The README's main command, `cargo run --example list_users`, run as a test
//! against its own embedded mock server.

#[allow(dead_code)]
#[path = "../../quo-api/examples/list_users.rs"]
mod list_users;

async fn run_demo(count: usize) -> String {
    let server = list_users::demo_server(count).await;
    let client = list_users::demo_client(&server).unwrap();
    list_users::table(&list_users::list_users(&client).await.unwrap())
}

#[tokio::test]
async fn the_demo_table_lists_every_seeded_user_exactly_once() {
    let table = run_demo(120).await;
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("NAME") && lines[0].contains("EMAIL") && lines[0].contains("CREATED")
    );
    assert_eq!(lines.last(), Some(&"120 users"));
    let emails: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().find(|cell| cell.contains('@')))
        .collect();
    assert_eq!(emails.len(), 120, "{table}");
    for i in 0..120 {
        let suffix = format!("{i}@example.com");
        // The seeded address ends in the user's index right before the `@`.
        let rows = emails
            .iter()
            .filter(|e| {
                e.ends_with(&suffix)
                    && !e[..e.len() - suffix.len()].ends_with(|c: char| c.is_ascii_digit())
            })
            .count();
        assert_eq!(rows, 1, "user {i} appears {rows} times in:\n{table}");
    }
    let email_column = lines[0].find("EMAIL").unwrap();
    assert!(
        lines[1..121]
            .iter()
            .all(|l| l.as_bytes()[email_column - 2..email_column] == *b"  "),
        "columns are aligned"
    );
}
