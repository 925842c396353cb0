// A real Yjs client (frontend/node_modules/yjs) that cuts an emoji in two: the page's own text
// binding never does, but any member's device can.
//
//   node yjs_split_pair.cjs <frontend folder> updates
//     prints JSON {case: {updates: [base64 v1 update, ...], text}} for each case below
//   node yjs_split_pair.cjs <frontend folder> text <base64 v1 update>
//     prints JSON {text}: text:idea of a fresh Yjs document that applied the update
const path = require("path");
const { createRequire } = require("module");

const Y = createRequire(path.resolve(process.argv[2], "package.json"))("yjs");

function recorded(edit) {
  const doc = new Y.Doc();
  const text = doc.getText("text:idea");
  const updates = [];
  doc.on("update", (update) => updates.push(Buffer.from(update).toString("base64")));
  text.insert(0, "a😀b школа"); // one item: a, the two UTF-16 halves of 😀, b, ...
  edit(text);
  return { updates, text: text.toString() };
}

if (process.argv[3] === "text") {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(process.argv[4], "base64"));
  process.stdout.write(JSON.stringify({ text: doc.getText("text:idea").toString() }));
} else {
  process.stdout.write(
    JSON.stringify({
      // delete only the second half of 😀, then type X where it was
      delete_half: recorded((text) => {
        text.delete(2, 1);
        text.insert(2, "X");
      }),
      // type X between the two halves
      insert_between: recorded((text) => text.insert(2, "X")),
      // delete the first half only
      delete_first_half: recorded((text) => text.delete(1, 1)),
    }),
  );
}
