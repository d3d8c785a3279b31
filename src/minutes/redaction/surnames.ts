/**
 * Common Japanese surnames (the most frequent few hundred, plus variants with 髙/﨑/邊/邉).
 * Used to propose masks for personal names that the meeting record does not know.
 */
export const COMMON_SURNAMES: readonly string[] = `
佐藤 鈴木 高橋 髙橋 田中 伊藤 渡辺 渡邊 渡邉 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 斉藤 齋藤 清水
山崎 山﨑 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 斉木 福田 太田
西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 原 柴田 酒井 工藤 横山 宮崎 宮﨑
宮本 内田 高木 髙木 安藤 島田 谷口 大野 高田 髙田 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 大塚 平野 菅原 久保
松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 新井 渡部 佐野 杉本 古川 大西 市川 五十嵐 浅野 北村 小島 水野 平田 吉川 山内
西田 菅野 吉村 東 小松 荒井 坂口 川口 辻 関 本田 片桐 椎野 乃美 堀 小室 福島 秋山 飯田 岩田 服部 中西 大橋 永井 川上 安田
中田 土屋 藤川 星野 松下 吉野 川村 黒田 荒木 小池 篠原 樋口 岩本 大久保 堀田 小西 中谷 村井 宮田 関口 大石 矢野 望月 内藤
奥村 榎本 桑原 今村 須藤 松岡 西川 浜田 濱田 平井 北川 片山 本間 宇野 岡崎 岡﨑 菅 根本 新田 川崎 川﨑 小田 早川 広瀬 廣瀬
`
  .split(/\s+/)
  .filter(Boolean);
