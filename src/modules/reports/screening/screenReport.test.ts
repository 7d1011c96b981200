import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SCREENING_KEYWORDS } from './defaultKeywords.js';
import { screenReport, type ScreeningKeyword } from './screenReport.js';

const KEYWORDS: ScreeningKeyword[] = Object.entries(DEFAULT_SCREENING_KEYWORDS).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, phrase })));
const kinds = (description: string, attributes?: Record<string, unknown>) => screenReport({ description, ...(attributes ? { attributes } : {}) }, KEYWORDS).map((f) => f.kind);
const CLEAN = 'Mặt đường trước số 12 phố Hàng Bài có ổ gà lớn, xe máy đi qua rất nguy hiểm vào buổi tối.';

describe('screening a report', () => {
  test('an ordinary report raises no flag', () => {
    assert.deepEqual(screenReport({ description: CLEAN }, KEYWORDS), []);
  });

  test('complaints and denunciations, with the words as evidence', () => {
    const flags = screenReport({ description: 'Tôi làm đơn tố cáo cán bộ phường nhận tiền của người xây nhà trái phép.' }, KEYWORDS);
    assert.deepEqual(flags, [{ kind: 'complaint_denunciation', evidence: '"tố cáo"' }]);
    assert.deepEqual(kinds('Gia đình tôi gửi đơn khiếu nại về quyết định thu hồi đất từ năm ngoái mà chưa được trả lời.'), ['complaint_denunciation']);
  });

  test('state secrets', () => {
    assert.deepEqual(kinds('Tôi có tài liệu mật của ủy ban về dự án này và muốn gửi cho các anh chị xem xét.'), ['state_secret']);
  });

  test('abuse', () => {
    assert.deepEqual(kinds('Cán bộ phường đúng là đồ ngu, đường hỏng cả tháng nay không ai sửa chữa gì cả.'), ['abuse']);
  });

  test('case is ignored, and diacritics when the citizen typed without them', () => {
    assert.deepEqual(kinds('TOI MUON TO CAO CAN BO DIA CHINH PHUONG VI NHAN TIEN CUA DAN'), ['complaint_denunciation', 'spam'], 'plus all capitals');
    assert.deepEqual(kinds('toi muon khieu nai ve viec thu phi gui xe sai quy dinh o cho'), ['complaint_denunciation']);
  });

  test('in a text written with diacritics, a word must match the marks: "cây to cao" is not "tố cáo"', () => {
    assert.deepEqual(kinds('Cây xanh to cao trước cổng trường nghiêng hẳn ra đường, có nguy cơ đổ khi mưa bão.'), []);
    assert.deepEqual(kinds('Trên phố có nhiều sự kiện và điều kiện đi lại khó khăn vì lấn chiếm vỉa hè.'), [], '"kiện" alone is not a lawsuit');
  });

  test('a keyword entered without marks matches every spelling', () => {
    const flags = screenReport({ description: 'Đề nghị xử lý nhóm đối tượng hay tụ tập đánh bạc ở gốc cây đầu ngõ mỗi tối.' }, [{ kind: 'abuse', phrase: 'danh bac' }]);
    assert.deepEqual(flags, [{ kind: 'abuse', evidence: '"đánh bạc"' }]);
  });

  test('spam: links, repeated characters, capitals, a phone number with a call to action', () => {
    const evidence = (description: string) => screenReport({ description }, KEYWORDS).find((f) => f.kind === 'spam')?.evidence;
    assert.match(evidence('Xem chi tiết tại https://example.com/khuyen-mai trước khi hết hạn nhé mọi người ơi')!, /url https:\/\/example\.com/);
    assert.match(evidence('Xem ngay tai trang abc-xyz.vn de biet them thong tin chi tiet ve viec nay')!, /url abc-xyz\.vn/);
    assert.match(evidence('Đường ngập quá!!!!!!!! Không ai xử lý gì cả, người dân rất bức xúc.')!, /repeated "!!!!!!!!"/);
    assert.equal(evidence('ĐƯỜNG NGẬP SÂU QUÁ KHÔNG AI XỬ LÝ GÌ CẢ, ĐỀ NGHỊ CÁC CƠ QUAN VÀO CUỘC'), 'all capitals');
    assert.match(evidence('Nhận sửa ống nước tại nhà, LH 0912 345 678 để được phục vụ tận tình chu đáo.')!, /phone 0912 345 678 with "lh"/);
    assert.equal(evidence('Đèn đường trước nhà số 0912 không sáng đã ba hôm nay, mong được sửa sớm ạ.'), undefined, 'a house number is not a phone number');
  });

  test('too short: under 20 letters and digits after folding', () => {
    assert.deepEqual(screenReport({ description: 'Ổ gà to!!' }, KEYWORDS), [{ kind: 'too_short', evidence: '5 letters and digits (fewer than 20)' }]);
    assert.deepEqual(kinds('Đường hỏng nặng quá rồi ạ'), []);
  });

  test('text attributes are screened with the description', () => {
    assert.deepEqual(kinds(CLEAN, { details: 'Tôi sẽ đi kiện nếu không ai giải quyết', lamps_out: 3 }), ['complaint_denunciation']);
  });

  test('several kinds at once, most serious first, one flag per kind', () => {
    const flags = screenReport({ description: 'Tố cáo: tài liệu mật bị lộ, đồ ngu, tố cáo lần nữa, xem www.example.com' }, KEYWORDS);
    assert.deepEqual(flags.map((f) => f.kind), ['state_secret', 'complaint_denunciation', 'abuse', 'spam']);
    assert.equal(flags[1]!.evidence, '"tố cáo"');
  });
});
