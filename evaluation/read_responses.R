# Reads a questionnaire's responses exported for R, with base R alone (no package needed).
#
# In R, with this folder as the working directory:
#     source("read_responses.R")
# gives the data frame `responses`:
#   - one-answer questions, round, site, group and paper are factors labelled with their names;
#   - each choice of a "choose any" question is a 0/1 number (1 = chosen), missing when not answered;
#   - dates are Dates, numbers numbers, text text; unanswered is NA;
#   - every column carries its question text as attribute "label" (attr(responses$age, "label")).
# variables.csv lists the columns, value_labels.csv the codes and their labels, variable_names.csv the
# question and choice behind each name and the names the SPSS and Stata files use.

variables <- read.csv("variables.csv", colClasses = "character", fileEncoding = "UTF-8",
                      na.strings = character(0))
value_labels <- read.csv("value_labels.csv", colClasses = c("character", "numeric", "character"),
                         fileEncoding = "UTF-8", na.strings = character(0))
classes <- ifelse(variables$type %in% c("text", "date"), "character", "numeric")
names(classes) <- variables$name
responses <- read.csv("responses.csv", colClasses = classes, na.strings = "", fileEncoding = "UTF-8",
                      check.names = FALSE)

# Spreadsheets run text starting with = + - @ as a formula, so the export put a ' before it: take it off.
unprotect <- function(x) sub("^'([-=+@\t\r\n])", "\\1", x)

for (i in seq_len(nrow(variables))) {
  name <- variables$name[i]
  type <- variables$type[i]
  x <- responses[[name]]
  if (type == "date") x <- as.Date(x)
  if (type == "text") x <- unprotect(x)
  if (type == "category") {
    codes <- value_labels[value_labels$name == name, ]
    x <- factor(x, levels = codes$code, labels = unprotect(codes$label))
  }
  attr(x, "label") <- unprotect(variables$label[i])
  responses[[name]] <- x
}
rm(list = intersect(c("i", "name", "type", "x", "codes", "classes", "unprotect"), ls()))
