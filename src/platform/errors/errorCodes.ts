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
  SERVICE_UNAVAILABLE: { status: 503, vi: 'Hệ thống đang bận. Vui lòng thử lại sau.', en: 'The service is busy. Please try again later.' },
  INTERNAL: { status: 500, vi: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.', en: 'Something went wrong. Please try again later.' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
