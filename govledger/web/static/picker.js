// The date picker: a date chosen goes to that date's address at once.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("picker");
  if (!form) return;
  form.querySelectorAll("input").forEach((input) => {
    input.addEventListener("change", () => {
      if (form.checkValidity()) form.requestSubmit();
    });
  });
});
