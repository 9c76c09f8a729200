# Lists every lemma, function, predicate or method of a .dfy file that has no body: a declaration followed by the next
# declaration (or the end of its module) with no line ending in "{" in between, and not a one-line declaration
# with its body on the same line. The project's style puts a body's "{" at the end of a line or on a line of its own.
function flush() { if (pending != "" && !body) { print FILENAME ":" line ": " pending; found = 1 } pending = "" }
/^[[:space:]]*(ghost |opaque |static |twostate )*(lemma|function|predicate|method|constructor)[[:space:](]/ {
  flush()
  pending = $0; sub(/^[[:space:]]+/, "", pending); line = FNR; body = 0
  if ($0 ~ /\{.*\}[[:space:]]*$/ && $0 !~ /\{:[^}]*\}[[:space:]]*$/) body = 1
  if ($0 ~ /\{[[:space:]]*$/) body = 1
  next
}
/^[[:space:]]*(module|class|datatype|const|include|import|type|newtype)[[:space:]]/ { flush(); next }
/^\}/ { flush(); next }
/^[[:space:]]*\}[[:space:]]*$/ { if (pending != "" && !body) flush(); next }
{ if (pending != "" && $0 ~ /\{[[:space:]]*$/) body = 1 }
END { flush(); exit found }
