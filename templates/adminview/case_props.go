package adminview

// ProcedureCase names the case of a procedure a page is about (its e-form,
// its internal process).
type ProcedureCase struct {
	Code      string
	Procedure string // the procedure's name
	CaseNo    int    // 0-based, as in the procedure record
	CaseName  string
}

// Problem is one Check error of a definition (an e-form, an internal
// process), located.
type Problem struct {
	Message string
	// Where says where in words ("Trang 1 › trường 3 (ho_ten) › label").
	Where string
	// Path is Check's path ("pages.0.sections.0.fields.2.label").
	Path string
}
