use super::*;

#[test]
fn decimals_are_zero_padded_to_their_width() {
    let d = |n, w| {
        let mut pushed = String::from("x");
        push_decimal(&mut pushed, n, w);
        assert_eq!(pushed[1..], *Decimal::new(n, w).as_str());
        pushed[1..].to_string()
    };
    assert_eq!(d(0, 1), "0");
    assert_eq!(d(0, 0), "0", "zero is one digit even with no width");
    assert_eq!(d(7, 2), "07");
    assert_eq!(d(123, 2), "123", "never cut");
    assert_eq!(d(42, 6), "000042");
    assert_eq!(d(u64::MAX, 1), u64::MAX.to_string());
    assert_eq!(d(5, 99).len(), 24, "widths past the buffer stop at it");
    for n in [1, 9, 10, 99, 100, 1_000_000, 987_654_321] {
        assert_eq!(d(n, 4), format!("{n:04}"));
    }
    for (n, w) in [(-5i64, 4usize), (-5, 1), (-12345, 4), (2024, 4), (7, 1)] {
        let mut out = String::new();
        push_signed(&mut out, n, w);
        assert_eq!(out, format!("{n:0w$}"));
    }
}

#[test]
fn dates_and_references_print_as_before() {
    let date = Date::new(2023, 6, 2).expect("date");
    assert_eq!(date.iso(), "2023-06-02");
    // The fast path and the general one write what `format!` writes.
    for (y, m, d) in [
        (1900, 1, 1),
        (2999, 12, 31),
        (999, 7, 9),
        (0, 1, 1),
        (-44, 3, 15),
        (12345, 10, 10),
        (2024, 100, 5),
    ] {
        let date = Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(date.iso(), format!("{y:04}-{m:02}-{d:02}"), "{y} {m} {d}");
    }
    assert_eq!(format!("{date}"), "2023-06-02");
    assert_eq!(date.month_key(), "2023-06");
    assert_eq!(date.human(), "Jun 2, 2023");
    let end = Date::new(1999, 12, 31).expect("date");
    assert_eq!(end.to_string(), "1999-12-31");
    assert_eq!(end.human(), "Dec 31, 1999");
    let r = IssueRef::parse("NodeJS", "Security-WG", 898, RefKind::Pull).expect("valid");
    assert_eq!(r.key(), "nodejs/security-wg#898");
    assert_eq!(r.repo_key(), "nodejs/security-wg");
    assert_eq!(
        r.github_url(),
        "https://github.com/nodejs/security-wg/pull/898"
    );
    let d = IssueRef::parse("a", "b", 0, RefKind::Discussion).expect("valid");
    assert_eq!(d.github_url(), "https://github.com/a/b/discussions/0");
}

#[test]
fn rejects_impossible_dates() {
    assert!(Date::new(2023, 18, 12).is_none());
    assert!(Date::new(2023, 2, 29).is_none());
    assert!(Date::new(2024, 2, 29).is_some());
}

#[test]
fn counts_days_since_epoch() {
    assert_eq!(Date::new(1970, 1, 1).map(Date::days_since_epoch), Some(0));
    assert_eq!(
        Date::new(2000, 3, 1).map(Date::days_since_epoch),
        Some(11_017)
    );
}

#[test]
fn converts_days_to_dates() {
    assert_eq!(Date::from_days_since_epoch(0), Date::new(1970, 1, 1));
    assert_eq!(Date::from_days_since_epoch(-1), Date::new(1969, 12, 31));
    assert_eq!(Date::from_days_since_epoch(11_016), Date::new(2000, 2, 29));
    assert_eq!(Date::from_days_since_epoch(11_017), Date::new(2000, 3, 1));
    assert_eq!(Date::from_days_since_epoch(19_789), Date::new(2024, 3, 7));
    // 1900 is not a leap year (divisible by 100), 2000 is (divisible by 400).
    let feb_28_1900 = Date::new(1900, 2, 28).map(Date::days_since_epoch);
    assert_eq!(
        feb_28_1900.and_then(|d| Date::from_days_since_epoch(d + 1)),
        Date::new(1900, 3, 1)
    );
    assert_eq!(
        Date::new(2024, 2, 28)
            .map(Date::days_since_epoch)
            .and_then(|d| Date::from_days_since_epoch(d + 1)),
        Date::new(2024, 2, 29)
    );
}

#[test]
fn days_round_trip_over_every_accepted_day() {
    let first = Date::new(1900, 1, 1).map(Date::days_since_epoch);
    let last = Date::new(2999, 12, 31).map(Date::days_since_epoch);
    let (Some(first), Some(last)) = (first, last) else {
        panic!("the range's ends are valid dates");
    };
    assert!(first < 0, "negative days are in range: {first}");
    let mut previous: Option<Date> = None;
    for days in first..=last {
        let date =
            Date::from_days_since_epoch(days).unwrap_or_else(|| panic!("day {days} is in range"));
        assert_eq!(date.days_since_epoch(), days);
        // Consecutive days give consecutive dates, so no date is skipped or repeated.
        if let Some(p) = previous {
            assert!(p < date, "{p} then {date}");
        }
        previous = Some(date);
    }
    assert_eq!(previous, Date::new(2999, 12, 31));
}

#[test]
fn days_outside_the_accepted_years_are_none() {
    for days in [i64::MIN, -1_000_000, 400_000, i64::MAX] {
        assert_eq!(Date::from_days_since_epoch(days), None, "{days}");
    }
    let before = Date::new(1900, 1, 1).map(|d| d.days_since_epoch() - 1);
    let after = Date::new(2999, 12, 31).map(|d| d.days_since_epoch() + 1);
    assert_eq!(before.and_then(Date::from_days_since_epoch), None);
    assert_eq!(after.and_then(Date::from_days_since_epoch), None);
}

#[test]
fn issue_keys_are_lower_case() {
    let r = IssueRef::parse("NodeJS", "TSC", 423, RefKind::Issue).expect("valid");
    assert_eq!(r.key(), "nodejs/tsc#423");
}

#[test]
fn slugifies_names() {
    assert_eq!(slugify("Tierney  Cyren!"), "tierney-cyren");
    assert_eq!(slugify("  Blyžė Name "), "bly-name");
}
