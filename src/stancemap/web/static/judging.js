// Follows a new question's judging (/judging/{id}/status: done of total) and opens its map when it is done.
// Every text from the server goes in as textContent, never as HTML.
(function () {
  "use strict";
  const box = document.getElementById("judging");
  if (!box) return;
  const bar = document.getElementById("judging-progress");
  const line = document.getElementById("judging-line");

  async function poll() {
    let status;
    try {
      const response = await fetch(box.dataset.status, { cache: "no-store", credentials: "same-origin" });
      status = await response.json();
      if (!response.ok) throw new Error(status.error || String(response.status));
    } catch (error) {
      line.textContent = "Lost touch with the server (" + error.message + "); retrying…";
      setTimeout(poll, 2000);
      return;
    }
    bar.max = Math.max(status.total, 1);
    bar.value = status.done;
    line.textContent = status.message;
    if (status.state === "done") {
      window.location.assign(box.dataset.map);
    } else if (status.state === "failed") {
      box.classList.add("failed");
    } else {
      setTimeout(poll, 400);
    }
  }
  poll();
})();
