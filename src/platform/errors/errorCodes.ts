/**
 * The stable error codes of the API, with their HTTP status and messages in both languages.
 * Clients branch on `code`; the text is for people. Add codes, never rename them.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 422, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is not valid.' },
  BAD_REQUEST: { status: 400, vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  MALFORMED_JSON: { status: 400, vi: 'Nội dung JSON không đọc được.', en: 'The JSON body could not be read.' },
  UNAUTHENTICATED: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  ACCOUNT_LOCKED: { status: 423, vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.', en: 'The account is temporarily locked after repeated failed sign-ins. Try again later.' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, vi: 'Đường dẫn không tồn tại.', en: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, vi: 'Phương thức không được hỗ trợ cho đường dẫn này.', en: 'This method is not allowed on this route.' },
  CONFLICT: { status: 409, vi: 'Dữ liệu xung đột với dữ liệu đã có.', en: 'This conflicts with existing data.' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Nội dung gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Định dạng nội dung không được hỗ trợ.', en: 'This content type is not supported.' },
  OUTSIDE_CITY: { status: 422, vi: 'Vị trí này nằm ngoài địa bàn thành phố.', en: 'This location is outside the city.' },
  RATE_LIMITED: { status: 429, vi: 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau.', en: 'Too many requests. Please try again later.' },
  IDENTITY_LEVEL_TOO_LOW: { status: 403, vi: 'Chức năng này cần tài khoản đã xác thực ở mức cao hơn.', en: 'This needs an account verified at a higher level.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn cần đổi mật khẩu ban đầu trước khi tiếp tục.', en: 'Change your initial password before going on.' },
  IP_NOT_ALLOWED: { status: 403, vi: 'Địa chỉ mạng của bạn không được phép truy cập chức năng quản trị.', en: 'Your network address may not use the admin functions.' },
  CODE_INVALID: { status: 401, vi: 'Mã xác thực không đúng hoặc đã hết hạn.', en: 'The code is wrong or has expired.' },
  CODE_ATTEMPTS_EXCEEDED: { status: 401, vi: 'Bạn đã nhập sai quá số lần cho phép. Vui lòng yêu cầu mã mới.', en: 'Too many wrong tries. Ask for a new code.' },
  CODE_RESEND_TOO_SOON: { status: 429, vi: 'Vui lòng chờ trước khi yêu cầu mã mới.', en: 'Please wait before asking for a new code.' },
  ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị đơn vị.', en: 'This account has been disabled. Contact your unit administrator.' },
  SECOND_FACTOR_REQUIRED: { status: 401, vi: 'Cần nhập mã xác thực hai lớp.', en: 'A second-factor code is needed.' },
  IDENTITY_IN_USE: { status: 409, vi: 'Số định danh này đã gắn với một tài khoản khác.', en: 'This ID number is already linked to another account.' },
  SIGN_IN_FAILED: { status: 400, vi: 'Đăng nhập không thành công. Vui lòng thử lại.', en: 'Sign-in did not succeed. Please try again.' },
  TRANSITION_NOT_ALLOWED: { status: 409, vi: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của phản ánh.', en: 'This action is not possible in the report’s current status.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, vi: 'Khóa Idempotency-Key đã dùng cho một yêu cầu khác.', en: 'This Idempotency-Key was already used for a different request.' },
  ALREADY_DONE: { status: 409, vi: 'Thao tác này đã được thực hiện trước đó.', en: 'This has already been done.' },
  OWN_REPORT: { status: 422, vi: 'Bạn không thể ủng hộ phản ánh do chính mình gửi.', en: 'You cannot support your own report.' },
  REOPEN_WINDOW_CLOSED: { status: 409, vi: 'Đã quá thời hạn được mở lại phản ánh này.', en: 'The time for reopening this report has passed.' },
  TRANSFER_PENDING: { status: 409, vi: 'Phản ánh đang chờ đơn vị khác nhận chuyển; không thể chuyển tiếp lần nữa.', en: 'This report is already waiting for another unit to take it over.' },
  INFO_NOT_REQUESTED: { status: 409, vi: 'Cán bộ chưa đề nghị bổ sung thông tin cho phản ánh này.', en: 'No official has asked for more information on this report.' },
  SERVICE_UNAVAILABLE: { status: 503, vi: 'Hệ thống đang bận. Vui lòng thử lại sau.', en: 'The service is busy. Please try again later.' },
  INTERNAL: { status: 500, vi: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.', en: 'Something went wrong. Please try again later.' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
