// The console's only script (served from here; the CSP allows no other): upload progress, and a
// confirmation before a delete. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(document.documentElement.lang.startsWith("zh") ? "确定删除？" : "Delete it?")) {
        event.preventDefault();
      }
    });
  }
  const upload = document.getElementById("upload-form");
  const bar = document.getElementById("upload-progress");
  if (!upload || !bar || !window.XMLHttpRequest) return;
  upload.addEventListener("submit", (event) => {
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.action);
    bar.hidden = false;
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", () => {
      // The answer is the Knowledge page with the per-file results: show its main part in place.
      const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      const main = page.getElementById("main");
      if (main) document.getElementById("main").replaceWith(main);
      else document.body.textContent = xhr.status + " " + xhr.statusText;
      const result = document.getElementById("upload-result");
      if (result) result.focus();
      document.dispatchEvent(new Event("DOMContentLoaded"));
    });
    xhr.addEventListener("error", () => { bar.hidden = true; upload.submit(); });
    xhr.send(new FormData(upload));
  });
});
