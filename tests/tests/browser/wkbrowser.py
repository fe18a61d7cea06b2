#!/usr/bin/python3
"""Minimal WebKitGTK automation browser (stand-in for MiniBrowser) for WebKitWebDriver.

Why: MiniBrowser ignores its --enable-write-console-messages-to-stdout=true flag for the
web views it creates for an automation session, so console messages (including CORS
errors) are lost, and WebKitGTK's driver has no log command and no WebDriver BiDi. This
browser creates automation views whose WebKitSettings write every console message out;
WebKit writes them to standard error, which the browser inherits from WebKitWebDriver, so
they land wherever the driver's standard error goes (tests/browser/harness.rs: a file).

Needs Debian packages python3-gi gir1.2-webkit2-4.1 and a display (Xvfb).
Use as webkitgtk:browserOptions.binary with args ["--automation"].
"""
import os, sys
import gi
gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

Gtk.init(None)
ctx = WebKit2.WebContext.get_default()
ctx.set_automation_allowed("--automation" in sys.argv)
settings = WebKit2.Settings(enable_write_console_messages_to_stdout=True)
windows = []


def on_close(view, win):
    win.destroy()
    windows.remove(win)
    if not windows:
        Gtk.main_quit()


def make_view(*_):
    view = WebKit2.WebView(web_context=ctx, settings=settings, is_controlled_by_automation=True)
    win = Gtk.Window()
    win.set_default_size(1024, 768)
    win.add(view)
    win.show_all()
    view.connect("close", on_close, win)
    windows.append(win)
    return view


def on_automation_started(_ctx, session):
    info = WebKit2.ApplicationInfo()
    info.set_name("wkbrowser")
    info.set_version(2, 50, 6)
    session.set_application_info(info)
    session.connect("create-web-view", make_view)


ctx.connect("automation-started", on_automation_started)
if "--automation" not in sys.argv:
    v = make_view()
    v.load_uri(sys.argv[-1])
Gtk.main()
