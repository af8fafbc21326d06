//! HTML and DOCX readers. (Being built.)
