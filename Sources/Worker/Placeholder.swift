// Placeholder: replaced by the first real code of Worker.
