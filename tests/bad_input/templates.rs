//! Broken templates stop the build (exit 1) with `FILE:LINE:COL: error: …` naming the site's
//! template file; the previous output stays. Linked templates and static files are skipped,
//! each with a warning naming it.

use super::Site;

#[test]
fn a_tera_syntax_error_names_the_template_and_line() {
    let site = Site::new();
    site.write(
        "templates/meeting.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ meeting.title }</h1>\n{% endblock content %}\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_render_error_names_the_template_and_line() {
    let site = Site::new();
    site.write(
        "templates/meeting.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ meeting.title }}</h1>\n<p>{{ meeting.no_such_field.name }}</p>\n{% endblock content %}\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_render_error_in_a_parent_names_it_and_the_page_template() {
    let site = Site::new();
    site.write(
        "templates/base.html",
        "<!doctype html>\n<title>{{ page.title }}</title>\n<p>{{ 1 + site.title }}</p>\n{% block feeds %}{% endblock feeds %}{% block head %}{% endblock head %}{% block content %}{% endblock content %}\n",
    );
    let text = site.fails();
    // Pages render in parallel, so which page template meets the fault first varies.
    let first = text.lines().next().unwrap_or("");
    assert!(
        first.starts_with("templates/base.html:3:7: error: ")
            && first.contains("(while rendering <built-in theme>/"),
        "{text}"
    );
}

#[test]
fn a_missing_included_template_says_where_it_was_looked_for() {
    let site = Site::new();
    site.write(
        "templates/meeting.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/agenda.html\" %}\n{% endblock content %}\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_missing_parent_template_says_where_it_was_looked_for() {
    let site = Site::with_config("title = \"Bad input\"\ntheme = \"plain\"\n");
    site.write(
        "themes/plain/templates/meeting.html",
        "{% extends \"layout.html\" %}\n{% block content %}x{% endblock content %}\n",
    );
    snapshot!(site.fails());
}

#[test]
fn a_missing_theme_says_where_it_was_looked_for() {
    let site = Site::with_config("title = \"Bad input\"\ntheme = \"dark\"\n");
    snapshot!(site.fails());
}

#[cfg(unix)]
#[test]
fn linked_templates_and_static_files_are_skipped_with_a_warning_naming_each() {
    let site = Site::new();
    site.write("outside/base.html", "<p>SECRET-TEMPLATE</p>\n");
    site.write("outside/secret.txt", "SECRET-STATIC\n");
    site.write("static/kept.txt", "kept\n");
    site.write("templates/.keep", "");
    let link = |to: &str, at: &str| {
        std::os::unix::fs::symlink(to, site.path(at)).expect("link");
    };
    link("../outside/base.html", "templates/base.html");
    link("../outside/secret.txt", "static/secret.txt");
    link("../outside", "static/folder");
    let text = site.builds();
    snapshot!(text);
    assert!(site.path("public/kept.txt").is_file());
    assert!(!site.path("public/secret.txt").exists());
    assert!(!site.path("public/folder").exists());
    assert!(!site.page("index.html").contains("SECRET-TEMPLATE"));
}
