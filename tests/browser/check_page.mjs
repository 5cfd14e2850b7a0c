// Opens exported Livedesk pages in Debian's Chromium (driven by playwright-core, which never
// downloads a browser of its own here) and reports, as one JSON object on stdout:
//   - axe-core's WCAG 2.2 A/AA violations in four runs: desktop (1280x900) and phone
//     (390x844, deviceScaleFactor 2, touch) viewports, each in light and dark colour schemes;
//   - every request the page made other than the page itself and data: URLs (all of them are
//     aborted, so nothing leaves the machine; the page is scrolled to the end first so that
//     lazy images would be asked for);
//   - the document's scroll width against the viewport width in every run.
//
//   node tests/browser/check_page.mjs PAGE.html [PAGE.html ...]
//   node tests/browser/check_page.mjs --screenshot desktop|phone OUT.png --height CSS_PX PAGE.html
//
// Environment: LIVEDESK_CHROMIUM (default /usr/bin/chromium), LIVEDESK_BROWSER_JOBS (pages open
// at once, default 2). Exits 0 once the report is printed, whatever it says: the Python test
// (test_exported_page.py) judges it. Exits 2 when it could not run (bad arguments, no browser).

import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_PATH = require.resolve("axe-core");

const EXECUTABLE = process.env.LIVEDESK_CHROMIUM || "/usr/bin/chromium";
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];
const JOBS = Math.max(1, Number(process.env.LIVEDESK_BROWSER_JOBS) || 2);
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const RUNS = [
  ["desktop", "light"],
  ["desktop", "dark"],
  ["phone", "light"],
  ["phone", "dark"],
];

function fail(message) {
  process.stderr.write(`check_page: ${message}\n`);
  process.exit(2);
}

// A fresh context per run: its own viewport, colour scheme and request log.
// Screenshots ask for reduced motion, so that the live badge's pulsing dot is still.
async function openPage(browser, file, device, scheme, motion = "no-preference") {
  const context = await browser.newContext({
    ...VIEWPORTS[device],
    colorScheme: scheme,
    reducedMotion: motion,
    javaScriptEnabled: true, // axe-core is injected as a script; the page itself has none
    serviceWorkers: "block",
  });
  const pageUrl = pathToFileURL(path.resolve(file)).href;
  const requests = [];
  const note = (url, kind) => {
    if (url === pageUrl || url.startsWith("data:")) return;
    requests.push({ url: url.slice(0, 300), kind });
  };
  // Nothing but the page itself may load: every other request is recorded and aborted.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("request", (request) => note(request.url(), request.resourceType()));
  page.on("websocket", (socket) => note(socket.url(), "websocket"));
  await page.goto(pageUrl, { waitUntil: "load", timeout: 60_000 });
  return { context, page, requests };
}

async function scrollThrough(page) {
  // Step down the page so that anything loaded lazily is asked for, then back to the top.
  await page.evaluate(async () => {
    const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((resolve) => setTimeout(resolve, 150));
    window.scrollTo(0, 0);
  });
}

async function widths(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const viewport = window.innerWidth;
    // The elements reaching past the right edge, to say what to fix when the page is too wide.
    const wide = [];
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.right > viewport + 0.5 && wide.length < 5) {
        const cls = typeof element.className === "string" && element.className
          ? "." + element.className.trim().split(/\s+/).join(".")
          : "";
        wide.push({ element: element.tagName.toLowerCase() + cls, right: Math.round(box.right) });
      }
    }
    return {
      innerWidth: viewport,
      clientWidth: root.clientWidth,
      scrollWidth: root.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      scheme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light",
      background: getComputedStyle(document.body).backgroundColor,
      fits: root.scrollWidth <= viewport,
      overflowing: wide,
    };
  });
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(
    async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations", "incomplete"],
      });
      return {
        version: r.testEngine.version,
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.length,
          target: v.nodes[0] ? v.nodes[0].target.join(" ") : null,
          summary: v.nodes[0] ? v.nodes[0].failureSummary : null,
        })),
        // "Needs review": what axe could not decide (e.g. text over an image), for a person.
        incomplete: r.incomplete.map((v) => ({
          id: v.id,
          nodes: v.nodes.length,
          targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
          reason: v.nodes[0] && v.nodes[0].any[0] ? v.nodes[0].any[0].message : null,
        })),
      };
    },
    AXE_TAGS,
  );
  return results;
}

async function checkRun(browser, file, device, scheme) {
  const { context, page, requests } = await openPage(browser, file, device, scheme);
  try {
    await scrollThrough(page);
    const measured = await widths(page);
    // axe is injected only after the requests were counted (its script tag is inline anyway).
    const axe = await runAxe(page);
    return { widths: measured, ...axe, requests };
  } finally {
    await context.close();
  }
}

// Every (page, run) pair, JOBS at a time in one browser (2 suits a 2-core machine).
async function checkAll(browser, files) {
  const jobs = [];
  for (const file of files) for (const [device, scheme] of RUNS) jobs.push({ file, device, scheme });
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next;
      next += 1;
      const { file, device, scheme } = jobs[index];
      results[index] = await checkRun(browser, file, device, scheme);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  return files.map((file) => {
    const report = { file, runs: {}, requests: [], violations: 0 };
    jobs.forEach((job, index) => {
      if (job.file !== file) return;
      const name = `${job.device}-${job.scheme}`;
      const { requests, ...run } = results[index];
      report.runs[name] = run;
      report.violations += run.violations.length;
      for (const request of requests) report.requests.push({ run: name, ...request });
    });
    return report;
  });
}

async function screenshot(browser, file, device, out, height) {
  const { context, page, requests } = await openPage(browser, file, device, "light", "reduce");
  try {
    const full = await page.evaluate(() => document.documentElement.scrollHeight);
    const clip = { x: 0, y: 0, width: VIEWPORTS[device].viewport.width, height: Math.min(height, full) };
    await page.screenshot({ path: out, clip, fullPage: true, animations: "disabled" });
    return { file, device, out, clip, requests };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  let shot = null;
  let height = 1800;
  const files = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === "--screenshot") {
      shot = { device: args[i + 1], out: args[i + 2] };
      i += 2;
    } else if (args[i] === "--height") {
      height = Number(args[i + 1]);
      i += 1;
    } else {
      files.push(args[i]);
    }
  }
  if (files.length === 0) fail("usage: check_page.mjs [--screenshot desktop|phone OUT.png --height PX] PAGE.html ...");
  if (shot && (!VIEWPORTS[shot.device] || !shot.out || files.length !== 1)) fail("--screenshot desktop|phone OUT.png takes one page");
  for (const file of files) if (!existsSync(file)) fail(`${file}: no such file`);
  if (!existsSync(EXECUTABLE)) fail(`${EXECUTABLE}: no Chromium there (apt-get install chromium)`);

  const browser = await chromium.launch({ executablePath: EXECUTABLE, args: LAUNCH_ARGS, headless: true });
  try {
    if (shot) {
      const result = await screenshot(browser, files[0], shot.device, shot.out, height);
      process.stdout.write(JSON.stringify(result) + "\n");
      return;
    }
    const pages = await checkAll(browser, files);
    const output = {
      browser: browser.version(),
      axeTags: AXE_TAGS,
      pages,
    };
    process.stdout.write(JSON.stringify(output) + "\n");
  } finally {
    await browser.close();
  }
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
