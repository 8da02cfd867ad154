//! `[schedule]` as written in `site.toml` → a validated [`Schedule`], or an error at the
//! offending value saying what is expected.

use super::{dates, Recurrence, Schedule, Upcoming};
use crate::config::Source;
use crate::error::{Error, Result};
use crate::model::Date;
use serde::Deserialize;
use std::collections::BTreeSet;
use toml::Spanned;

/// `[schedule]` as written; the values that are checked keep their place for messages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchedule {
    every: Option<Spanned<String>>,
    weekday: Option<Spanned<String>>,
    time: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
    end: Option<Spanned<String>>,
    #[serde(default)]
    except: Vec<Spanned<String>>,
    duration: Option<Spanned<String>>,
    title: Option<String>,
    url: Option<Spanned<String>>,
    #[serde(default)]
    upcoming: Vec<RawUpcoming>,
}

/// One `upcoming = [{ date, time, title, url }]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpcoming {
    date: Spanned<String>,
    time: Option<Spanned<String>>,
    title: Option<String>,
    url: Option<Spanned<String>>,
}

/// An error at the value `at`, said as about `[schedule]`.
fn error<T>(source: &Source, at: &Spanned<T>, message: String) -> Error {
    source.at(at, format!("[schedule] {message}"))
}

fn parse_date(s: &str) -> Option<Date> {
    crate::minutes::date::parse_iso(s.trim())
}

/// `2 weeks`, `1 week`, `week`, `14 days`, `fortnight` → days.
pub(super) fn parse_every(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if t == "fortnight" {
        return Some(14);
    }
    let (n, unit) = match t.split_once(char::is_whitespace) {
        Some((n, unit)) => (n.parse::<u32>().ok()?, unit.trim()),
        None => (1, t.as_str()),
    };
    let per = match unit {
        "week" | "weeks" => 7,
        "day" | "days" => 1,
        _ => return None,
    };
    (1..=52).contains(&n).then_some(n * per)
}

/// `1 hour`, `90 minutes`, `45 min`, `1.5 hours` → minutes.
pub(super) fn parse_duration(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    let (n, unit) = t.split_once(char::is_whitespace)?;
    let n: f64 = n.parse().ok()?;
    let per = match unit.trim() {
        "hour" | "hours" | "h" => 60.0,
        "minute" | "minutes" | "min" | "mins" => 1.0,
        _ => return None,
    };
    let minutes = (n * per).round();
    (1.0..=1440.0).contains(&minutes).then_some(minutes as u32)
}

/// The time zone named `name`: `UTC`, or an IANA name from the compiled-in database.
fn time_zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if name.eq_ignore_ascii_case("utc") {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).ok()
}

/// Validates `[schedule]`, from `source` (the file), for messages.
pub fn validate(raw: RawSchedule, source: &Source) -> Result<Schedule> {
    let timezone = match &raw.timezone {
        None => jiff::tz::TimeZone::UTC,
        Some(name) => time_zone(name.get_ref()).ok_or_else(|| {
            error(
                source,
                name,
                format!(
                    "unknown time zone {:?}: use \"UTC\" or an IANA name such as \"America/New_York\" or \"Europe/London\"",
                    name.get_ref()
                ),
            )
        })?,
    };
    let timezone_name = match raw.timezone.as_ref().map(|t| t.get_ref().as_str()) {
        None => "UTC".to_string(),
        Some(t) if t.eq_ignore_ascii_case("utc") => "UTC".to_string(),
        Some(t) => t.to_string(),
    };
    let time = match &raw.time {
        None => None,
        Some(t) => Some(dates::parse_time(t.get_ref()).ok_or_else(|| {
            error(
                source,
                t,
                format!(
                    "`time` must be a 24-hour HH:MM time such as \"15:00\", found {:?}",
                    t.get_ref()
                ),
            )
        })?),
    };
    let duration_minutes = match &raw.duration {
        None => 60,
        Some(d) => parse_duration(d.get_ref()).ok_or_else(|| {
            error(
                source,
                d,
                format!("`duration` must read like \"1 hour\" or \"90 minutes\" (at most a day), found {:?}", d.get_ref()),
            )
        })?,
    };
    let recurrence = recurrence(&raw, source)?;
    let mut upcoming = Vec::new();
    let mut seen = BTreeSet::new();
    for u in &raw.upcoming {
        let date = parse_date(u.date.get_ref()).ok_or_else(|| {
            error(
                source,
                &u.date,
                format!(
                    "upcoming `date` must be a valid YYYY-MM-DD date, found {:?}",
                    u.date.get_ref()
                ),
            )
        })?;
        if !seen.insert(date) {
            return Err(error(
                source,
                &u.date,
                format!("upcoming lists {date} twice"),
            ));
        }
        let time = match &u.time {
            None => None,
            Some(t) => Some(dates::parse_time(t.get_ref()).ok_or_else(|| {
                error(
                    source,
                    t,
                    format!(
                        "upcoming {date}: `time` must be a 24-hour HH:MM time, found {:?}",
                        t.get_ref()
                    ),
                )
            })?),
        };
        upcoming.push(Upcoming {
            date,
            time,
            title: u.title.clone().filter(|t| !t.trim().is_empty()),
            url: link(source, u.url.as_ref(), &format!("upcoming {date}: `url`"))?,
        });
    }
    upcoming.sort_by_key(|u| u.date);
    Ok(Schedule {
        recurrence,
        upcoming,
        timezone_name,
        timezone,
        time,
        duration_minutes,
        title: raw.title.filter(|t| !t.trim().is_empty()),
        url: link(source, raw.url.as_ref(), "`url`")?,
    })
}

/// A `url` value: `None` when empty; an error unless pages may link to it (an http, https or
/// mailto address, or a path on the site — never `javascript:` and the like).
fn link(source: &Source, url: Option<&Spanned<String>>, what: &str) -> Result<Option<String>> {
    let Some(url) = url.filter(|u| !u.get_ref().trim().is_empty()) else {
        return Ok(None);
    };
    if !crate::safe_url::is_allowed(url.get_ref()) {
        return Err(error(
            source,
            url,
            format!(
                "{what} must be an http, https or mailto address (or a path on the site), \
                 found {:?}",
                url.get_ref()
            ),
        ));
    }
    Ok(Some(url.get_ref().trim().to_string()))
}

fn recurrence(raw: &RawSchedule, source: &Source) -> Result<Option<Recurrence>> {
    let Some(every_value) = &raw.every else {
        for (key, set) in [
            ("weekday", raw.weekday.as_ref()),
            ("start", raw.start.as_ref()),
            ("end", raw.end.as_ref()),
            ("except", raw.except.first()),
        ] {
            if let Some(value) = set {
                return Err(error(
                    source,
                    value,
                    format!("`{key}` belongs to a recurrence: add `every = \"1 week\"` (or \"2 weeks\", …)"),
                ));
            }
        }
        return Ok(None);
    };
    let every = every_value.get_ref().as_str();
    let every_days = parse_every(every).ok_or_else(|| {
        error(
            source,
            every_value,
            format!("`every` must read like \"1 week\", \"2 weeks\" or \"14 days\" (1 to 52), found {every:?}"),
        )
    })?;
    let start_value = raw.start.as_ref().ok_or_else(|| {
        error(
            source,
            every_value,
            "a recurrence needs `start = \"YYYY-MM-DD\"`, the date of one meeting of the series"
                .to_string(),
        )
    })?;
    let start_text = start_value.get_ref();
    let start = parse_date(start_text).ok_or_else(|| {
        error(
            source,
            start_value,
            format!("`start` must be a valid YYYY-MM-DD date, found {start_text:?}"),
        )
    })?;
    let mut first = start;
    if let Some(w) = &raw.weekday {
        let day = dates::parse_weekday(w.get_ref()).ok_or_else(|| {
            error(
                source,
                w,
                format!(
                    "`weekday` must be a day of the week such as \"thursday\", found {:?}",
                    w.get_ref()
                ),
            )
        })?;
        if every_days % 7 != 0 {
            return Err(error(
                source,
                w,
                format!("`weekday` needs `every` in weeks, but `every` is {every:?}"),
            ));
        }
        // The first meeting is the first such weekday on or after `start`.
        let ahead = (day + 7 - dates::weekday(start)) % 7;
        first = dates::add_days(start, ahead as i64).unwrap_or(start);
    }
    let end = match &raw.end {
        None => None,
        Some(e) => Some(
            parse_date(e.get_ref())
                .filter(|d| *d >= first)
                .ok_or_else(|| {
                    error(
                        source,
                        e,
                        format!(
                            "`end` must be a valid YYYY-MM-DD date on or after {first}, found {:?}",
                            e.get_ref()
                        ),
                    )
                })?,
        ),
    };
    let mut r = Recurrence {
        every_days,
        first,
        end,
        except: BTreeSet::new(),
        every_label: every.trim().to_string(),
    };
    for e in &raw.except {
        let date = parse_date(e.get_ref()).ok_or_else(|| {
            error(
                source,
                e,
                format!(
                    "`except` dates must be valid YYYY-MM-DD dates, found {:?}",
                    e.get_ref()
                ),
            )
        })?;
        // A date off the series is a typo that would silently keep the meeting.
        let offset = date.days_since_epoch() - first.days_since_epoch();
        if offset < 0 || offset % i64::from(every_days) != 0 || r.end.is_some_and(|end| date > end)
        {
            return Err(error(
                source,
                e,
                format!(
                    "`except` date {date} is not a meeting of the series (every {} from {first}, a {})",
                    r.every_label,
                    dates::weekday_name(first)
                ),
            ));
        }
        r.except.insert(date);
    }
    Ok(Some(r))
}
