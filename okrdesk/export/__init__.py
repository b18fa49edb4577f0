"""File writers: PDF (ReportLab) now; SVG/PNG, spreadsheets and the client pack later."""
