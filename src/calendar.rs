//! The site's calendar: [`Config`] (schedule, base URL, build date) and [`Archive`] →
//! `/calendar.ics` (RFC 5545). One event per meeting in the archive, linking its minutes, and
//! one per scheduled meeting from the build date to six months after it. Times are in UTC (no
//! VTIMEZONE needed); an event without a known time is an all-day event. UIDs are stable: a
//! scheduled meeting and the minutes later written for it share one, so subscribed calendars
//! update the event instead of adding a second. Lines end in CRLF and are folded at 75 octets.

use crate::archive::Archive;
use crate::config::Config;
use crate::model::{slugify, Date};
use crate::paths;
use crate::schedule::{dates, Occurrence};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// How far ahead scheduled meetings are listed.
pub const UPCOMING_MONTHS: u32 = 6;

/// At most this many agenda items are listed in a past meeting's description.
const ITEMS_LISTED: usize = 25;

/// Each meeting's event, in meeting order, written on its own (in parallel); `reuse` may give
/// one written before (`serve` keeps them between rebuilds: an event reads only its meeting, its
/// id and the configuration).
pub fn events(
    config: &Config,
    archive: &Archive,
    reuse: &(dyn Fn(usize) -> Option<String> + Sync),
) -> Vec<String> {
    let domain = uid_domain(config);
    let absolute =
        |path: &str| is_absolute(&config.base_url).then(|| config.base_url.clone() + path);
    archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(i, meeting)| {
            if let Some(event) = reuse(i) {
                return event;
            }
            let m = &meeting.minutes;
            let timed = config
                .schedule
                .as_ref()
                .and_then(|s| s.on(m.date))
                .and_then(|o| Some((o.start?, o.end?)));
            let url = absolute(&paths::meeting(&meeting.id));
            let mut description = String::new();
            if let Some(u) = &url {
                description.push_str(&format!("Minutes: {u}\n"));
            }
            if let Some(r) = &m.links.recording {
                description.push_str(&format!("Recording: {r}\n"));
            }
            if !m.items.is_empty() {
                description.push_str("\nAgenda:\n");
                for item in m.items.iter().take(ITEMS_LISTED) {
                    description.push_str(&format!("- {} ({})\n", item.title, item.reference.key()));
                }
                if m.items.len() > ITEMS_LISTED {
                    description.push_str(&format!("… and {} more\n", m.items.len() - ITEMS_LISTED));
                }
            }
            let mut event = Writer::default();
            event.event(&Event {
                uid: format!("{}@{domain}", meeting.id),
                date: m.date,
                timed,
                summary: &m.title,
                description: description.trim_end(),
                url: url.as_deref(),
                // A past meeting's record dates from the meeting (not from the build, which
                // would make every build's calendar differ).
                stamp: None,
            });
            event.out
        })
        .collect()
}

/// `/calendar.ics` for the site.
pub fn ics(config: &Config, archive: &Archive) -> String {
    ics_with(config, archive, &events(config, archive, &|_| None))
}

/// [`ics`] with the archive's meetings' events already written ([`events`]).
pub fn ics_with(config: &Config, archive: &Archive, events: &[String]) -> String {
    let mut cal = Writer::default();
    cal.line("BEGIN:VCALENDAR");
    cal.line("VERSION:2.0");
    cal.line(&format!(
        "PRODID:-//wgsite//wgsite {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    cal.line("CALSCALE:GREGORIAN");
    cal.line("METHOD:PUBLISH");
    cal.text("X-WR-CALNAME", &config.title);
    if !config.description.is_empty() {
        cal.text("X-WR-CALDESC", &config.description);
    }
    // Subscribed calendars poll; once a day follows a site rebuilt on each push.
    cal.line("REFRESH-INTERVAL;VALUE=DURATION:P1D");
    cal.line("X-PUBLISHED-TTL:P1D");
    cal.out.reserve(events.iter().map(String::len).sum());
    events.iter().for_each(|e| cal.out.push_str(e));
    let domain = uid_domain(config);
    let absolute =
        |path: &str| is_absolute(&config.base_url).then(|| config.base_url.clone() + path);
    if let (Some(schedule), Some(today)) = (&config.schedule, config.build_date) {
        let held: BTreeSet<Date> = archive.meetings.iter().map(|m| m.minutes.date).collect();
        let until = dates::add_months(today, UPCOMING_MONTHS).unwrap_or(today);
        let default_title = format!("{} meeting", config.title);
        for o in schedule.between(today, until) {
            if held.contains(&o.date) {
                continue;
            }
            let summary = o.title.clone().unwrap_or_else(|| default_title.clone());
            let url = o.url.clone().or_else(|| absolute(""));
            cal.event(&Event {
                uid: format!("{}@{domain}", o.date),
                date: o.date,
                timed: o.start.zip(o.end),
                summary: &summary,
                description: &upcoming_description(config, &o),
                url: url.as_deref(),
                stamp: Some(today),
            });
        }
    }
    cal.line("END:VCALENDAR");
    cal.out
}

fn upcoming_description(config: &Config, o: &Occurrence) -> String {
    let mut text = format!("Scheduled meeting of {}.", config.title);
    if let (Some((h, m)), Some(s)) = (o.time, &config.schedule) {
        text.push_str(&format!(" {h:02}:{m:02} {}.", s.timezone_name));
    }
    if let Some(u) = &o.url {
        text.push_str(&format!("\nJoin: {u}"));
    }
    if is_absolute(&config.base_url) {
        text.push_str(&format!("\nMinutes of past meetings: {}", config.base_url));
    }
    text
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The right-hand side of UIDs: the site's host and path (`nodejs.github.io/security-wg`), or
/// a name made from the title when the site has no absolute address.
fn uid_domain(config: &Config) -> String {
    let url = &config.base_url;
    match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(rest) => rest.trim_end_matches('/').to_ascii_lowercase(),
        None => format!("{}.wgsite", slugify(&config.title)),
    }
}

struct Event<'a> {
    uid: String,
    date: Date,
    /// UTC start and end; `None` for an all-day event.
    timed: Option<(crate::schedule::UtcTime, crate::schedule::UtcTime)>,
    summary: &'a str,
    description: &'a str,
    url: Option<&'a str>,
    /// The day the event's data was made, when not the event's own start.
    stamp: Option<Date>,
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// Appends one content line, folded, with CRLF.
    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    fn text(&mut self, name: &str, value: &str) {
        let mut line = String::with_capacity(name.len() + 1 + value.len() + 8);
        line.push_str(name);
        line.push(':');
        escape_text_into(&mut line, value);
        self.line(&line);
    }

    fn event(&mut self, e: &Event) {
        let day = |d: Date| format!("{:04}{:02}{:02}", d.year, d.month, d.day);
        self.line("BEGIN:VEVENT");
        self.text("UID", &e.uid);
        let stamp = match (e.stamp, e.timed) {
            (Some(d), _) => format!("{}T000000Z", day(d)),
            (None, Some((start, _))) => start.ics(),
            (None, None) => format!("{}T000000Z", day(e.date)),
        };
        self.line(&format!("DTSTAMP:{stamp}"));
        match e.timed {
            Some((start, end)) => {
                self.line(&format!("DTSTART:{}", start.ics()));
                self.line(&format!("DTEND:{}", end.ics()));
            }
            None => {
                let next = dates::add_days(e.date, 1).unwrap_or(e.date);
                self.line(&format!("DTSTART;VALUE=DATE:{}", day(e.date)));
                self.line(&format!("DTEND;VALUE=DATE:{}", day(next)));
                // An all-day entry should not block the whole day in anyone's calendar.
                self.line("TRANSP:TRANSPARENT");
            }
        }
        self.text("SUMMARY", e.summary);
        if !e.description.is_empty() {
            self.text("DESCRIPTION", e.description);
        }
        if let Some(u) = e.url.filter(|u| is_absolute(u)) {
            // A URI, not TEXT: no backslash escapes; control characters cannot be in it.
            let clean: String = u.chars().filter(|c| !c.is_control()).collect();
            self.line(&format!("URL:{clean}"));
        }
        self.line("END:VEVENT");
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` and newlines.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    escape_text_into(&mut out, value);
    out
}

/// [`escape_text`], appending to `out` and copying the runs between escapes whole.
fn escape_text_into(out: &mut String, value: &str) {
    let mut run = 0;
    for (i, c) in value.char_indices() {
        let replacement = match c {
            '\\' => "\\\\",
            ';' => "\\;",
            ',' => "\\,",
            '\n' => "\\n",
            '\r' => "",
            c if c.is_control() && c != '\t' => "",
            _ => continue,
        };
        out.push_str(value.get(run..i).unwrap_or_default());
        out.push_str(replacement);
        run = i + c.len_utf8();
    }
    out.push_str(value.get(run..).unwrap_or_default());
}

/// Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1), never inside a
/// UTF-8 sequence; continuation lines start with one space. Each line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    fold_into(&mut out, line);
    out
}

/// [`fold`], appending to `out`.
fn fold_into(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    // The first physical line may hold LIMIT octets; the others start with a space.
    let mut room = LIMIT;
    while rest.len() > room {
        // A character is at most 4 octets: a boundary is always found well above 0.
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(rest.get(..cut).unwrap_or_default());
        out.push_str("\r\n ");
        rest = rest.get(cut..).unwrap_or_default();
        room = LIMIT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(
            escape_text("a,b;c\\d\r\ne"),
            "a\\,b\\;c\\\\d\\ne".to_string()
        );
        assert_eq!(escape_text("plain: café\ttab"), "plain: café\ttab");
        assert_eq!(escape_text("bell\u{7}, C1\u{85}; end"), "bell\\, C1\\; end");
        assert_eq!(escape_text(""), "");
    }

    #[test]
    fn folds_long_lines_at_75_octets_without_splitting_characters() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        assert!(folded.ends_with("\r\n"));
        let lines: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 1);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '));
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, long);
        // Greedy: a line is cut only where its next character would not fit.
        for pair in lines.windows(2) {
            let next = pair[1][1..].chars().next().map_or(0, char::len_utf8);
            assert!(pair[0].len() + next > 75, "{:?} could hold more", pair[0]);
        }
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
        let exact = "x".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        assert_eq!(
            fold(&"y".repeat(76)),
            format!("{}\r\n y\r\n", "y".repeat(75))
        );
    }

    #[test]
    fn uids_name_the_site() {
        let c = Config::parse(
            "title = \"Sec WG\"\nbase_url = \"https://Org.github.io/wg/\"\n",
            "site.toml",
        )
        .expect("config");
        assert_eq!(uid_domain(&c), "org.github.io/wg");
        let c = Config::parse("title = \"Sec WG\"\n", "site.toml").expect("config");
        assert_eq!(uid_domain(&c), "sec-wg.wgsite");
    }
}
